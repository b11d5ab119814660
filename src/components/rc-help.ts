// <rc-help>: the keyboard shortcuts overlay, built from the same table the key handler uses.
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SHORTCUTS } from '../app/shortcuts';
import { t } from '../i18n/strings';
import { LanguageController } from '../i18n/language-controller';

/** @event rc-close - the user closed the overlay. */
@customElement('rc-help')
export class RcHelp extends LitElement {
  static styles = css`
    :host {
      position: fixed;
      inset: 0;
      display: grid;
      place-items: center;
      background: #000a;
      z-index: 50;
      font: 13px system-ui, sans-serif;
      color: #dce6ec;
    }
    .dialog {
      background: #142027;
      border: 1px solid #2f4450;
      border-radius: 10px;
      padding: 16px 20px;
      max-height: 85vh;
      overflow-y: auto;
      min-width: 420px;
      max-width: min(900px, 94vw);
    }
    h2 { margin: 0 0 10px; font-size: 16px; }
    /* Two columns of key and action, so the whole list fits a laptop screen. */
    dl { display: grid; grid-template-columns: auto 1fr auto 1fr; gap: 5px 14px; margin: 0 0 12px; align-items: baseline; }
    dd { margin: 0 18px 0 0; }
    @media (max-width: 760px) { dl { grid-template-columns: auto 1fr; } }
    dt kbd { font: 12px ui-monospace, monospace; background: #0d1418; border: 1px solid #2f4450; border-radius: 3px; padding: 1px 5px; }
    p { color: #9fb0bb; }
    button { font: inherit; color: inherit; background: #1d2d36; border: 1px solid #2f4450; border-radius: 4px; padding: 4px 10px; cursor: pointer; }
  `;
  protected readonly languageController = new LanguageController(this);

  connectedCallback() {
    super.connectedCallback();
    void this.updateComplete.then(() => this.renderRoot.querySelector('button')?.focus({ preventScroll: true }));
  }

  private close() {
    this.dispatchEvent(new CustomEvent('rc-close', { bubbles: true, composed: true }));
  }

  render() {
    return html`<div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.close()}>
      <h2 id="help-title">${t('help.title')}</h2>
      <dl>
        ${SHORTCUTS.map((s) => html`<dt><kbd>${s.display}</kbd></dt><dd>${t(s.label)}</dd>`)}
      </dl>
      <p>${t('shortcut.mouse')}</p>
      <button type="button" @click=${this.close}>${t('help.close')}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-help': RcHelp;
  }
}
