// <rc-finding-dialog>: choose the finding a mark shows (searchable), with an optional label and
// teaching note. Used for new marks and for relabelling; never window.prompt.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { Annotation, TeachingNote } from '../annotations/model';
import { FINDINGS, searchFindings, type Finding } from '../annotations/vocabulary';
import { currentLanguage, t } from '../i18n/strings';
import { LanguageController } from '../i18n/language-controller';

export type FindingChoice = Pick<Annotation, 'finding' | 'label' | 'note'>;

@customElement('rc-finding-dialog')
export class RcFindingDialog extends LitElement {
  static styles = css`
    :host { position: fixed; inset: 0; display: none; place-items: center; background: #000a; z-index: 60; font: 13px system-ui, sans-serif; color: #dce6ec; }
    :host([open]) { display: grid; }
    form { background: #142027; border: 1px solid #2f4450; border-radius: 10px; padding: 16px 18px; width: min(520px, 94vw); display: grid; gap: 10px; }
    h2 { margin: 0; font-size: 16px; }
    label { display: grid; gap: 4px; color: #9fb0bb; }
    input, textarea { font: inherit; color: #e8eef2; background: #0d1418; border: 1px solid #2f4450; border-radius: 5px; padding: 6px 8px; }
    textarea { resize: vertical; min-height: 2.6em; }
    ul { list-style: none; margin: 0; padding: 0; max-height: 240px; overflow-y: auto; border: 1px solid #2f4450; border-radius: 5px; }
    li { display: flex; align-items: center; gap: 8px; padding: 6px 8px; cursor: pointer; }
    li[aria-selected='true'] { background: #1f3a47; }
    li:hover { background: #18303b; }
    .swatch { width: 12px; height: 12px; border-radius: 3px; flex: none; }
    .code { margin-left: auto; color: #93a4ae; font-size: 11px; }
    .notes { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
    .buttons { display: flex; justify-content: flex-end; gap: 8px; }
    button { font: inherit; color: inherit; background: #1d2d36; border: 1px solid #2f4450; border-radius: 5px; padding: 5px 12px; cursor: pointer; }
    button.primary { background: #2a6f8f; border-color: #3b8db3; }
  `;
  protected readonly languageController = new LanguageController(this);

  @state() private query = '';
  @state() private chosen: string = FINDINGS[0].key;
  @state() private isOpen = false;
  @state() private heading = '';
  @query('input[type="search"]') private search!: HTMLInputElement;
  @query('#label') private labelInput!: HTMLInputElement;
  @query('#note-en') private noteEn!: HTMLTextAreaElement;
  @query('#note-es') private noteEs!: HTMLTextAreaElement;
  private settle: ((choice: FindingChoice | null) => void) | null = null;
  private initial: Partial<FindingChoice> = {};

  /** Opens the dialog; resolves with the choice, or null when cancelled. */
  ask(initial: Partial<FindingChoice> = {}, title = t('finding.titleNew')): Promise<FindingChoice | null> {
    this.settle?.(null);
    this.initial = initial;
    this.query = '';
    this.chosen = initial.finding ?? FINDINGS[0].key;
    this.heading = title;
    this.isOpen = true;
    this.toggleAttribute('open', true);
    void this.updateComplete.then(() => {
      this.labelInput.value = initial.label ?? '';
      this.noteEn.value = initial.note?.en ?? '';
      this.noteEs.value = initial.note?.es ?? '';
      this.search.focus();
    });
    return new Promise((resolve) => (this.settle = resolve));
  }

  get open() {
    return this.isOpen;
  }

  private finish(choice: FindingChoice | null) {
    this.isOpen = false;
    this.toggleAttribute('open', false);
    const settle = this.settle;
    this.settle = null;
    settle?.(choice);
  }

  private filtered(): Finding[] {
    return searchFindings(this.query);
  }

  private onSearch(e: Event) {
    this.query = (e.target as HTMLInputElement).value;
    const first = this.filtered()[0];
    if (first) this.chosen = first.key;
  }

  private onKeyDown(e: KeyboardEvent) {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      this.finish(null);
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const list = this.filtered();
      const at = list.findIndex((f) => f.key === this.chosen);
      const next = list[Math.max(0, Math.min(list.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) this.chosen = next.key;
      e.preventDefault();
    }
  }

  private submit(e: Event) {
    e.preventDefault();
    if (!this.filtered().some((f) => f.key === this.chosen) && !this.initial.finding) return;
    const en = this.noteEn.value.trim();
    const es = this.noteEs.value.trim();
    const note: TeachingNote | undefined = en || es ? { en, es } : undefined;
    const label = this.labelInput.value.trim() || undefined;
    this.finish({ finding: this.chosen, label, note });
  }

  render() {
    if (!this.isOpen) return nothing;
    const lang = currentLanguage();
    const list = this.filtered();
    return html`<form role="dialog" aria-modal="true" aria-labelledby="finding-title" @submit=${this.submit} @keydown=${this.onKeyDown}>
      <h2 id="finding-title">${this.heading}</h2>
      <label>${t('finding.search')}
        <input type="search" role="combobox" aria-controls="finding-list" aria-expanded="true" autocomplete="off" .value=${this.query} @input=${this.onSearch} />
      </label>
      <ul id="finding-list" role="listbox" aria-label=${t('finding.list')}>
        ${list.map(
          (f) => html`<li role="option" data-finding=${f.key} aria-selected=${f.key === this.chosen ? 'true' : 'false'} @click=${() => (this.chosen = f.key)} @dblclick=${this.submit}>
            <span class="swatch" style="background:${f.colour}"></span><span>${f.name[lang]}</span><span class="code" title=${`${f.concept.meaning}${f.site ? ` · ${f.site.meaning}` : ''}`}
              >${f.concept.scheme} ${f.concept.value}${f.site ? ` · ${f.site.scheme} ${f.site.value}` : ''}</span
            >
          </li>`,
        )}
        ${list.length === 0 ? html`<li aria-disabled="true">${t('finding.none')}</li>` : nothing}
      </ul>
      <label>${t('finding.label')}<input id="label" type="text" maxlength="80" /></label>
      <div class="notes">
        <label>${t('finding.noteEn')}<textarea id="note-en" rows="2"></textarea></label>
        <label>${t('finding.noteEs')}<textarea id="note-es" rows="2"></textarea></label>
      </div>
      <div class="buttons">
        <button type="button" @click=${() => this.finish(null)}>${t('finding.cancel')}</button>
        <button type="submit" class="primary">${t('finding.ok')}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-finding-dialog': RcFindingDialog;
  }
}
