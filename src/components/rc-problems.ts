// <rc-problems>: the files and resources that could not be shown, each with its reason.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LoadProblem } from '../imaging/library';
import { t } from '../i18n/strings';
import { LanguageController } from '../i18n/language-controller';

/**
 * @event rc-dismiss - detail: { id?: number }; no id dismisses all.
 */
@customElement('rc-problems')
export class RcProblems extends LitElement {
  static styles = css`
    :host {
      position: absolute;
      right: 12px;
      bottom: 12px;
      max-width: min(560px, 60vw);
      max-height: 40vh;
      overflow-y: auto;
      z-index: 20;
      font: 13px system-ui, sans-serif;
    }
    .panel {
      background: #2a1416;
      border: 1px solid #b8474f;
      border-radius: 8px;
      color: #ffe3e5;
      box-shadow: 0 6px 24px #0008;
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: center;
      padding: 6px 10px;
      border-bottom: 1px solid #5c2a2f;
      font-weight: 600;
    }
    ul { list-style: none; margin: 0; padding: 4px 0; }
    li {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 8px;
      padding: 4px 10px;
    }
    .subject { font-weight: 600; word-break: break-all; }
    button {
      font: inherit;
      color: inherit;
      background: transparent;
      border: 1px solid #7a3a40;
      border-radius: 4px;
      cursor: pointer;
      padding: 1px 6px;
      align-self: start;
    }
  `;
  protected readonly languageController = new LanguageController(this);

  @property({ attribute: false }) problems: LoadProblem[] = [];

  private dismiss(id?: number) {
    this.dispatchEvent(new CustomEvent('rc-dismiss', { detail: { id }, bubbles: true, composed: true }));
  }

  render() {
    if (this.problems.length === 0) return nothing;
    return html`<div class="panel" role="alert" aria-live="assertive">
      <header>
        <span>${t('errors.title')} (${this.problems.length})</span>
        <button type="button" @click=${() => this.dismiss()}>${t('errors.dismissAll')}</button>
      </header>
      <ul>
        ${this.problems.map(
          (p) => html`<li data-problem=${p.subject}>
            <span><span class="subject">${p.subject}</span>: <span class="reason">${p.reason}</span></span>
            <button type="button" aria-label=${`${t('errors.dismiss')} ${p.subject}`} @click=${() => this.dismiss(p.id)}>×</button>
          </li>`,
        )}
      </ul>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-problems': RcProblems;
  }
}
