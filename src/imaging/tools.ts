// Mouse and wheel interaction through @cornerstonejs/tools, loaded after the first image is on screen.

export type PrimaryTool = 'windowLevel' | 'pan' | 'zoom' | 'scroll';

type ToolsModule = typeof import('@cornerstonejs/tools');
let toolsReady: Promise<ToolsModule> | null = null;

/** Loads and starts @cornerstonejs/tools once, registering the tools every viewport uses. */
export function loadTools(): Promise<ToolsModule> {
  toolsReady ??= import('@cornerstonejs/tools').then((tools) => {
    tools.init();
    for (const Tool of [tools.WindowLevelTool, tools.PanTool, tools.ZoomTool, tools.StackScrollTool]) tools.addTool(Tool);
    return tools;
  });
  return toolsReady;
}

/** Cornerstone's tool names, read from the classes' static `toolName` (minification-proof). */
function toolNames(tools: ToolsModule): Record<PrimaryTool, string> {
  return {
    windowLevel: tools.WindowLevelTool.toolName,
    pan: tools.PanTool.toolName,
    zoom: tools.ZoomTool.toolName,
    scroll: tools.StackScrollTool.toolName,
  };
}

export interface ViewportTools {
  setPrimary(tool: PrimaryTool): void;
  destroy(): void;
}

/**
 * Binds one viewport: the chosen tool on the left button, pan on the middle button, zoom on the
 * right button and on Ctrl + wheel, stack scroll on the plain wheel.
 */
export async function bindViewportTools(
  element: HTMLDivElement,
  viewportId: string,
  renderingEngineId: string,
  primary: PrimaryTool,
): Promise<ViewportTools> {
  const tools = await loadTools();
  // Tools attach their listeners when an element is enabled; ours was enabled before the tools
  // were loaded (they load after the first image), so attach them now.
  if (!tools.store.state.enabledElements.includes(element)) {
    tools.store.addEnabledElement({ detail: { element, viewportId, renderingEngineId } } as unknown as CustomEvent);
  }
  const names = toolNames(tools);
  const { MouseBindings, KeyboardBindings } = tools.Enums;
  const groupId = `radcase-${viewportId}`;
  tools.ToolGroupManager.destroyToolGroup(groupId);
  const group = tools.ToolGroupManager.createToolGroup(groupId);
  if (!group) throw new Error(`could not create tool group ${groupId}`);
  for (const name of Object.values(names)) group.addTool(name);
  group.addViewport(viewportId, renderingEngineId);

  const apply = (chosen: PrimaryTool) => {
    for (const name of Object.values(names)) group.setToolPassive(name);
    const bindings = (name: string) => {
      const list: { mouseButton: number; modifierKey?: number }[] = [];
      if (name === names[chosen]) list.push({ mouseButton: MouseBindings.Primary });
      if (name === names.pan) list.push({ mouseButton: MouseBindings.Auxiliary });
      if (name === names.zoom) {
        list.push({ mouseButton: MouseBindings.Secondary });
        list.push({ mouseButton: MouseBindings.Wheel, modifierKey: KeyboardBindings.Ctrl });
      }
      if (name === names.scroll) list.push({ mouseButton: MouseBindings.Wheel });
      return list;
    };
    for (const name of Object.values(names)) {
      const list = bindings(name);
      if (list.length > 0) group.setToolActive(name, { bindings: list });
    }
  };
  apply(primary);
  return {
    setPrimary: apply,
    destroy: () => tools.ToolGroupManager.destroyToolGroup(groupId),
  };
}
