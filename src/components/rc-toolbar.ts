// <rc-toolbar>: tools, view actions, window presets and typed W/L, cine. It only emits requests.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { toVoiRange, toWindowLevel, type VoiRange, type WindowPreset } from '../imaging/display';
import type { PrimaryTool } from '../imaging/tools';
import type { ShortcutAction } from '../app/shortcuts';
import { t, type StringKey } from '../i18n/strings';
import { LanguageController } from '../i18n/language-controller';

/**
 * @event rc-action - detail: { action: ShortcutAction } for a button press.
 * @event rc-voi - detail: { voi: VoiRange } for a preset or typed window.
 * @event rc-fps - detail: { fps: number }.
 */
@customElement('rc-toolbar')
export class RcToolbar extends LitElement {
  static styles = css`
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 10px;
      padding: 6px 10px;
      background: #142027;
      border-bottom: 1px solid #24343d;
      color: #dce6ec;
      font: 13px system-ui, sans-serif;
    }
    .group {
      display: flex;
      align-items: center;
      gap: 3px;
    }
    .group + .group {
      padding-left: 10px;
      border-left: 1px solid #2c3e48;
    }
    button {
      font: inherit;
      color: inherit;
      background: #1d2d36;
      border: 1px solid #2f4450;
      border-radius: 4px;
      padding: 4px 8px;
      cursor: pointer;
    }
    button:hover { background: #26404d; }
    button:focus-visible, input:focus-visible { outline: 2px solid #4fb3d9; outline-offset: 1px; }
    button[aria-pressed='true'] {
      background: #2b6f8c;
      border-color: #4fb3d9;
      color: #fff;
    }
    kbd {
      font: 10px ui-monospace, monospace;
      color: #8fb3c4;
      margin-left: 3px;
    }
    input[type='number'] {
      width: 64px;
      font: inherit;
      background: #0d1418;
      color: inherit;
      border: 1px solid #2f4450;
      border-radius: 4px;
      padding: 3px 4px;
    }
    label { color: #9fb0bb; }
  `;
  protected readonly languageController = new LanguageController(this);

  @property() tool: PrimaryTool = 'windowLevel';
  @property({ attribute: false }) presets: WindowPreset[] = [];
  @property({ attribute: false }) voi: VoiRange | null = null;
  @property({ type: Boolean }) invert = false;
  @property({ type: Boolean }) hotIron = false;
  @property({ type: Boolean }) playing = false;
  @property({ type: Boolean }) stack = false;
  @property({ type: Number }) fps = 10;

  @query('#wl-width') private widthInput!: HTMLInputElement;

  /** Puts the caret in the window-width box (the L shortcut). */
  focusWindowInput() {
    this.widthInput?.focus();
    this.widthInput?.select();
  }

  private act(action: ShortcutAction) {
    this.dispatchEvent(new CustomEvent('rc-action', { detail: { action }, bubbles: true, composed: true }));
  }

  private emitVoi(voi: VoiRange) {
    this.dispatchEvent(new CustomEvent('rc-voi', { detail: { voi }, bubbles: true, composed: true }));
  }

  private onWindowSubmit(event: Event) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const width = Number((form.elements.namedItem('width') as HTMLInputElement).value);
    const center = Number((form.elements.namedItem('center') as HTMLInputElement).value);
    if (Number.isFinite(width) && width > 0 && Number.isFinite(center)) this.emitVoi(toVoiRange({ width, center }));
  }

  private button(action: ShortcutAction, label: StringKey, key: string, pressed?: boolean) {
    return html`<button
      type="button"
      data-action=${action}
      aria-pressed=${pressed === undefined ? nothing : String(pressed)}
      title=${`${t(label)} (${key})`}
      @click=${() => this.act(action)}
    >
      ${t(label)}<kbd>${key}</kbd>
    </button>`;
  }

  render() {
    const wl = this.voi ? toWindowLevel(this.voi) : null;
    const digits = wl && Math.abs(wl.width) < 10 ? 2 : 0;
    return html`
      <div class="group" role="group" aria-label="Tools">
        ${this.button('tool-window-level', 'tool.windowLevel', 'W', this.tool === 'windowLevel')}
        ${this.button('tool-pan', 'tool.pan', 'P', this.tool === 'pan')}
        ${this.button('tool-zoom', 'tool.zoom', 'Z', this.tool === 'zoom')}
        ${this.button('tool-scroll', 'tool.scroll', 'S', this.tool === 'scroll')}
      </div>
      <div class="group" role="group" aria-label="View">
        ${this.button('fit', 'action.fit', 'F')} ${this.button('actual-size', 'action.actualSize', '1')}
        ${this.button('invert', 'action.invert', 'I', this.invert)} ${this.button('rotate-right', 'action.rotate', 'R')}
        ${this.button('flip-horizontal', 'action.flipH', 'H')} ${this.button('flip-vertical', 'action.flipV', 'V')}
        ${this.button('hot-iron', 'action.hotIron', 'C', this.hotIron)} ${this.button('reset', 'action.reset', 'Esc')}
        ${this.button('export-png', 'snapshot.export', 'N')}
      </div>
      <div class="group" role="group" aria-label=${t('preset.title')}>
        ${this.presets.map(
          (preset, i) =>
            html`<button type="button" data-preset=${preset.id} title=${`${t(preset.label as StringKey)} (${i + 2})`} @click=${() => this.emitVoi(preset.voi)}>
              ${t(preset.label as StringKey)}<kbd>${i + 2}</kbd>
            </button>`,
        )}
        <form class="group" @submit=${this.onWindowSubmit} aria-label="Window">
          <label for="wl-width">${t('wl.width')}</label>
          <input id="wl-width" name="width" type="number" min="0.01" step="any" .value=${wl ? wl.width.toFixed(digits) : ''} />
          <label for="wl-center">${t('wl.center')}</label>
          <input id="wl-center" name="center" type="number" step="any" .value=${wl ? wl.center.toFixed(digits) : ''} />
          <button type="submit">${t('wl.apply')}</button>
        </form>
      </div>
      <div class="group" role="group" aria-label="Cine">
        <button type="button" data-action="toggle-cine" ?disabled=${!this.stack} aria-pressed=${String(this.playing)} @click=${() => this.act('toggle-cine')}>
          ${this.playing ? t('action.pause') : t('action.play')}<kbd>Space</kbd>
        </button>
        <input
          id="fps"
          type="number"
          min="1"
          max="60"
          .value=${String(this.fps)}
          aria-label=${t('cine.fps')}
          @change=${(e: Event) =>
            this.dispatchEvent(new CustomEvent('rc-fps', { detail: { fps: Number((e.target as HTMLInputElement).value) || 10 }, bubbles: true, composed: true }))}
        />
        <label for="fps">${t('cine.fps')}</label>
      </div>
      <div class="group">${this.button('help', 'action.help', '?')}</div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-toolbar': RcToolbar;
  }
}
