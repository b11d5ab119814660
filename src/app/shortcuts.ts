// The keyboard map: one table read by both the key handler and the help overlay.
import type { StringKey } from '../i18n/strings';

export type ShortcutAction =
  | 'tool-window-level'
  | 'tool-pan'
  | 'tool-zoom'
  | 'tool-scroll'
  | 'next-image'
  | 'previous-image'
  | 'next-page'
  | 'previous-page'
  | 'first-image'
  | 'last-image'
  | 'toggle-cine'
  | 'invert'
  | 'rotate-right'
  | 'rotate-left'
  | 'flip-horizontal'
  | 'flip-vertical'
  | 'fit'
  | 'actual-size'
  | 'zoom-in'
  | 'zoom-out'
  | 'reset'
  | 'hot-iron'
  | 'edit-window'
  | 'preset-1'
  | 'preset-2'
  | 'preset-3'
  | 'preset-4'
  | 'preset-5'
  | 'open-files'
  | 'help'
  | 'draw-Length'
  | 'draw-Angle'
  | 'draw-Bidirectional'
  | 'draw-EllipticalROI'
  | 'draw-RectangleROI'
  | 'draw-PlanarFreehandROI'
  | 'draw-ArrowAnnotate'
  | 'draw-Probe'
  | 'undo'
  | 'redo'
  | 'delete-annotation'
  | 'toggle-compare'
  | 'compare-flicker'
  | 'export-png'
  | 'open-folder'
  | 'cine-faster'
  | 'cine-slower';

export interface Shortcut {
  /** KeyboardEvent.key values that trigger it (case-sensitive for letters with Shift). */
  keys: string[];
  action: ShortcutAction;
  /** What the help overlay shows for the keys. */
  display: string;
  label: StringKey;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['w', 'W'], action: 'tool-window-level', display: 'W', label: 'tool.windowLevel' },
  { keys: ['p', 'P'], action: 'tool-pan', display: 'P', label: 'tool.pan' },
  { keys: ['z', 'Z'], action: 'tool-zoom', display: 'Z', label: 'tool.zoom' },
  { keys: ['s', 'S'], action: 'tool-scroll', display: 'S', label: 'tool.scroll' },
  { keys: ['ArrowDown', 'ArrowRight'], action: 'next-image', display: '↓ / →', label: 'shortcut.next' },
  { keys: ['ArrowUp', 'ArrowLeft'], action: 'previous-image', display: '↑ / ←', label: 'shortcut.previous' },
  { keys: ['PageDown'], action: 'next-page', display: 'PgDn', label: 'shortcut.nextPage' },
  { keys: ['PageUp'], action: 'previous-page', display: 'PgUp', label: 'shortcut.previousPage' },
  { keys: ['Home'], action: 'first-image', display: 'Home', label: 'shortcut.first' },
  { keys: ['End'], action: 'last-image', display: 'End', label: 'shortcut.last' },
  { keys: [' '], action: 'toggle-cine', display: 'Space', label: 'shortcut.cine' },
  { keys: ['i', 'I'], action: 'invert', display: 'I', label: 'action.invert' },
  { keys: ['r'], action: 'rotate-right', display: 'R', label: 'action.rotate' },
  { keys: ['R'], action: 'rotate-left', display: 'Shift+R', label: 'shortcut.rotateLeft' },
  { keys: ['h', 'H'], action: 'flip-horizontal', display: 'H', label: 'action.flipH' },
  { keys: ['v', 'V'], action: 'flip-vertical', display: 'V', label: 'action.flipV' },
  { keys: ['f', 'F'], action: 'fit', display: 'F', label: 'action.fit' },
  { keys: ['1'], action: 'actual-size', display: '1', label: 'shortcut.actualSize' },
  { keys: ['+', '='], action: 'zoom-in', display: '+', label: 'shortcut.zoomIn' },
  { keys: ['-', '_'], action: 'zoom-out', display: '−', label: 'shortcut.zoomOut' },
  { keys: ['Escape', '0'], action: 'reset', display: 'Esc / 0', label: 'action.reset' },
  { keys: ['c', 'C'], action: 'hot-iron', display: 'C', label: 'action.hotIron' },
  { keys: ['l', 'L'], action: 'edit-window', display: 'L', label: 'shortcut.editWindow' },
  { keys: ['2'], action: 'preset-1', display: '2', label: 'shortcut.preset1' },
  { keys: ['3'], action: 'preset-2', display: '3', label: 'shortcut.preset2' },
  { keys: ['4'], action: 'preset-3', display: '4', label: 'shortcut.preset3' },
  { keys: ['5'], action: 'preset-4', display: '5', label: 'shortcut.preset4' },
  { keys: ['6'], action: 'preset-5', display: '6', label: 'shortcut.preset5' },
  { keys: ['o'], action: 'open-files', display: 'O', label: 'app.open' },
  { keys: ['O'], action: 'open-folder', display: 'Shift+O', label: 'app.openFolder' },
  { keys: [']'], action: 'cine-faster', display: ']', label: 'shortcut.cineFaster' },
  { keys: ['['], action: 'cine-slower', display: '[', label: 'shortcut.cineSlower' },
  { keys: ['d', 'D'], action: 'draw-Length', display: 'D', label: 'tool.Length' },
  { keys: ['a', 'A'], action: 'draw-Angle', display: 'A', label: 'tool.Angle' },
  { keys: ['b', 'B'], action: 'draw-Bidirectional', display: 'B', label: 'tool.Bidirectional' },
  { keys: ['e', 'E'], action: 'draw-EllipticalROI', display: 'E', label: 'tool.EllipticalROI' },
  { keys: ['t', 'T'], action: 'draw-RectangleROI', display: 'T', label: 'tool.RectangleROI' },
  { keys: ['g', 'G'], action: 'draw-PlanarFreehandROI', display: 'G', label: 'tool.PlanarFreehandROI' },
  { keys: ['k', 'K'], action: 'draw-ArrowAnnotate', display: 'K', label: 'tool.ArrowAnnotate' },
  { keys: ['x', 'X'], action: 'draw-Probe', display: 'X', label: 'tool.Probe' },
  { keys: ['Delete', 'Backspace'], action: 'delete-annotation', display: 'Del', label: 'shortcut.delete' },
  { keys: ['Ctrl+z'], action: 'undo', display: 'Ctrl+Z', label: 'shortcut.undo' },
  { keys: ['Ctrl+Shift+z', 'Ctrl+y'], action: 'redo', display: 'Ctrl+Shift+Z', label: 'shortcut.redo' },
  { keys: ['n', 'N'], action: 'export-png', display: 'N', label: 'snapshot.export' },
  { keys: ['m', 'M'], action: 'toggle-compare', display: 'M', label: 'shortcut.compare' },
  { keys: ['y', 'Y'], action: 'compare-flicker', display: 'Y', label: 'shortcut.flicker' },
  { keys: ['?'], action: 'help', display: '?', label: 'action.help' },
];

/** The action for a key press, ignoring presses with Ctrl, Alt or Meta (those belong to the browser). */
export function actionForKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'> & { shiftKey?: boolean }): ShortcutAction | null {
  if (event.altKey) return null;
  if (event.ctrlKey || event.metaKey) {
    // Undo and redo are the only chords we take (Ctrl or ⌘); the rest belong to the browser.
    const chord = `Ctrl+${event.shiftKey ? 'Shift+' : ''}${event.key.toLowerCase()}`;
    return SHORTCUTS.find((s) => s.keys.includes(chord))?.action ?? null;
  }
  return SHORTCUTS.find((s) => s.keys.includes(event.key))?.action ?? null;
}
