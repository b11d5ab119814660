// <rc-token-dialog>: asks a teacher for the server's teacher token before a save (never window.prompt).
import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { t } from '../i18n/strings';
import { LanguageController } from '../i18n/language-controller';

@customElement('rc-token-dialog')
export class RcTokenDialog extends LitElement {
  static styles = css`
    :host { position: fixed; inset: 0; display: none; place-items: center; background: #000a; z-index: 60; font: 13px system-ui, sans-serif; color: #dce6ec; }
    :host([open]) { display: grid; }
    form { background: #142027; border: 1px solid #2f4450; border-radius: 10px; padding: 16px 18px; width: min(440px, 94vw); display: grid; gap: 10px; }
    h2 { margin: 0; font-size: 16px; }
    p { margin: 0; color: #b7c5cd; line-height: 1.45; }
    label { display: grid; gap: 4px; color: #9fb0bb; }
    input { font: 13px ui-monospace, monospace; color: #e8eef2; background: #0d1418; border: 1px solid #2f4450; border-radius: 5px; padding: 6px 8px; }
    .buttons { display: flex; justify-content: flex-end; gap: 8px; }
    button { font: inherit; color: inherit; background: #1d2d36; border: 1px solid #2f4450; border-radius: 5px; padding: 5px 12px; cursor: pointer; }
    button.primary { background: #2a6f8f; border-color: #3b8db3; }
  `;
  protected readonly languageController = new LanguageController(this);

  @state() private isOpen = false;
  @query('input') private input!: HTMLInputElement;
  private settle: ((token: string | null) => void) | null = null;

  get open() {
    return this.isOpen;
  }

  /** Resolves with the token typed, or null when cancelled. */
  ask(): Promise<string | null> {
    this.settle?.(null);
    this.isOpen = true;
    this.toggleAttribute('open', true);
    void this.updateComplete.then(() => {
      this.input.value = '';
      this.input.focus();
    });
    return new Promise((resolve) => (this.settle = resolve));
  }

  private close(token: string | null) {
    this.isOpen = false;
    this.toggleAttribute('open', false);
    const settle = this.settle;
    this.settle = null;
    settle?.(token);
  }

  render() {
    return html`<form
      role="dialog"
      aria-modal="true"
      aria-labelledby="token-title"
      @submit=${(e: Event) => {
        e.preventDefault();
        const token = this.input.value.trim();
        if (token) this.close(token);
      }}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.close(null)}
    >
      <h2 id="token-title">${t('token.title')}</h2>
      <p>${t('token.help')}</p>
      <label>${t('token.field')}<input type="password" autocomplete="off" spellcheck="false" /></label>
      <div class="buttons">
        <button type="button" @click=${() => this.close(null)}>${t('token.cancel')}</button>
        <button type="submit" class="primary">${t('token.ok')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-token-dialog': RcTokenDialog;
  }
}
