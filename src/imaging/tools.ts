// Mouse and wheel interaction through @cornerstonejs/tools, loaded after the first image is on screen.
import { ANNOTATION_KINDS, type AnnotationKind } from '../annotations/model';

export type NavigationTool = 'windowLevel' | 'pan' | 'zoom' | 'scroll';
/** What the left button does: a navigation tool, or drawing one kind of annotation. */
export type PrimaryTool = NavigationTool | AnnotationKind;
export const isAnnotationTool = (tool: PrimaryTool): tool is AnnotationKind => (ANNOTATION_KINDS as readonly string[]).includes(tool);

type ToolsModule = typeof import('@cornerstonejs/tools');
let toolsReady: Promise<ToolsModule> | null = null;

/** Loads and starts @cornerstonejs/tools once, registering the tools every viewport uses. */
export function loadTools(): Promise<ToolsModule> {
  toolsReady ??= import('@cornerstonejs/tools').then((tools) => {
    tools.init();
    for (const Tool of [tools.WindowLevelTool, tools.PanTool, tools.ZoomTool, tools.StackScrollTool]) tools.addTool(Tool);
    for (const Tool of Object.values(annotationToolClasses(tools))) tools.addTool(Tool);
    return tools;
  });
  return toolsReady;
}

/** The drawing tools, by the annotation kind they make. */
export function annotationToolClasses(tools: ToolsModule) {
  return {
    Length: tools.LengthTool,
    Angle: tools.AngleTool,
    Bidirectional: tools.BidirectionalTool,
    EllipticalROI: tools.EllipticalROITool,
    RectangleROI: tools.RectangleROITool,
    PlanarFreehandROI: tools.PlanarFreehandROITool,
    ArrowAnnotate: tools.ArrowAnnotateTool,
    Probe: tools.ProbeTool,
  } satisfies Record<AnnotationKind, unknown>;
}

/** Cornerstone's tool names, read from the classes' static `toolName` (minification-proof). */
function toolNames(tools: ToolsModule): Record<PrimaryTool, string> {
  const drawing = annotationToolClasses(tools);
  return {
    windowLevel: tools.WindowLevelTool.toolName,
    pan: tools.PanTool.toolName,
    zoom: tools.ZoomTool.toolName,
    scroll: tools.StackScrollTool.toolName,
    ...(Object.fromEntries(ANNOTATION_KINDS.map((k) => [k, drawing[k].toolName])) as Record<AnnotationKind, string>),
  };
}

/** A measuring tool's text-box lines for its annotation's data (Cornerstone's getTextLines configuration). */
type TextLines = (data: { label?: string }, targetId: string) => string[] | undefined;

export interface ViewportTools {
  setPrimary(tool: PrimaryTool): void;
  /**
   * Stops (true) or resumes (false) drawing the marks: while a crowded image is panned its marks
   * travel as one picture (mark-picture.ts) instead of being redrawn mark by mark every frame.
   */
  holdMarks(hold: boolean): void;
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
  // The arrow's text is the finding chosen in our own dialog afterwards; never window.prompt.
  group.setToolConfiguration(names.ArrowAnnotate, {
    getTextCallback: (done: (text: string) => void) => done(' '),
    changeTextCallback: (_data: unknown, _event: unknown, done: (text: string) => void) => done(' '),
  });
  // A measurement's text box leads with the mark's label ("Largest diameter, left hip") above the value.
  for (const name of [names.Length, names.Bidirectional]) {
    const tool = group.getToolInstance(name) as { configuration: { getTextLines: TextLines } };
    const plain = tool.configuration.getTextLines;
    const labelled: TextLines = (data, targetId) => {
      const lines = plain(data, targetId);
      const label = data.label?.trim();
      return lines && label ? [label, ...lines] : lines;
    };
    group.setToolConfiguration(name, { getTextLines: labelled });
  }
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
  let current = primary;
  apply(primary);
  return {
    setPrimary: (chosen) => {
      current = chosen;
      apply(chosen);
    },
    holdMarks: (hold) => {
      if (!hold) return apply(current);
      for (const kind of ANNOTATION_KINDS) group.setToolDisabled(names[kind]);
    },
    destroy: () => tools.ToolGroupManager.destroyToolGroup(groupId),
  };
}
