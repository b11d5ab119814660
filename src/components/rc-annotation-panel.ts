// <rc-annotation-panel>: the annotations of the case grouped by finding, with their measurements;
// choose one to go to it, hover to highlight it, and relabel, lock or delete it.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Annotation } from '../annotations/model';
import { FINDINGS, findingFor } from '../annotations/vocabulary';
import { currentLanguage, t } from '../i18n/strings';
import { LanguageController } from '../i18n/language-controller';

export interface PanelGroup {
  /** "expert" or "user". */
  set: string;
  title: string;
  annotations: Annotation[];
  editable: boolean;
}

/** Cornerstone's cached statistics of one mark, as far as we show them. */
export type MarkStats = Record<string, unknown> | null;

const num = (v: unknown, digits = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : null);

/** One line of measurement for a mark, in the units Cornerstone computed (mm where calibrated). */
export function describeStats(kind: Annotation['kind'], stats: MarkStats): string {
  if (!stats) return '';
  const unit = String(stats.unit ?? stats.lengthUnits ?? '');
  const uncal = (u: string) => (u === 'px' || u === 'px²' ? ` (${t('annotations.uncalibrated')})` : '');
  switch (kind) {
    case 'Length':
      return num(stats.length) ? `${num(stats.length)} ${unit}${uncal(unit)}` : '';
    case 'Angle':
      return num(stats.angle) ? `${num(stats.angle)}°` : '';
    case 'Bidirectional':
      return num(stats.length) ? `${num(stats.length)} × ${num(stats.width)} ${unit}${uncal(unit)}` : '';
    case 'Probe':
      return num(stats.value, 0) ? `${num(stats.value, 0)} ${String(stats.modalityUnit ?? '')}`.trim() : '';
    case 'ArrowAnnotate':
      return '';
    default: {
      const areaUnit = String(stats.areaUnit ?? '');
      const parts = [
        num(stats.area) ? `${num(stats.area)} ${areaUnit}${uncal(areaUnit)}` : null,
        num(stats.mean) ? `mean ${num(stats.mean)} ± ${num(stats.stdDev)}` : null,
        num(stats.min, 0) && num(stats.max, 0) ? `${num(stats.min, 0)}…${num(stats.max, 0)} ${String(stats.modalityUnit ?? '')}`.trim() : null,
      ];
      return parts.filter(Boolean).join(' · ');
    }
  }
}

/**
 * @event rc-annotation-select - detail: { id } — go to the mark's image and select it.
 * @event rc-annotation-hover - detail: { id | null }.
 * @event rc-annotation-relabel - detail: { id }.
 * @event rc-annotation-delete - detail: { id }.
 * @event rc-annotation-lock - detail: { id }.
 * @event rc-finding-visibility - detail: { finding, hidden }.
 * @event rc-annotations-visibility - detail: { hidden }.
 */
@customElement('rc-annotation-panel')
export class RcAnnotationPanel extends LitElement {
  static styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; background: #101a20; color: #dce6ec; font: 12px/1.4 system-ui, sans-serif; border-left: 1px solid #22323c; }
    header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 8px 10px; border-bottom: 1px solid #22323c; }
    h2 { margin: 0; font-size: 11px; letter-spacing: 0.08em; text-transform: uppercase; color: #9fb0bb; flex: 1 0 60%; }
    .scroll { overflow-y: auto; flex: 1; padding: 4px 0 12px; }
    h3 { margin: 10px 10px 4px; font-size: 12px; color: #c7d3da; }
    .finding { margin: 6px 0 2px; padding: 0 10px; display: flex; align-items: center; gap: 6px; color: #b7c5cd; }
    .swatch { width: 10px; height: 10px; border-radius: 2px; flex: none; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: grid; grid-template-columns: 1fr auto; gap: 2px 6px; padding: 4px 10px 4px 26px; cursor: pointer; }
    li:hover, li[aria-current='true'] { background: #1a2c36; }
    li[aria-current='true'] { box-shadow: inset 3px 0 0 #7fffd4; }
    .kind { color: #e8eef2; }
    .where { color: #93a4ae; }
    .stats { grid-column: 1 / -1; color: #ffd88a; font-variant-numeric: tabular-nums; }
    .note { grid-column: 1 / -1; color: #9fb0bb; font-style: italic; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
    li[aria-current='true'] .note { -webkit-line-clamp: unset; }
    .actions { display: flex; gap: 2px; }
    button { font: inherit; color: #c7d3da; background: #1d2d36; border: 1px solid #2f4450; border-radius: 4px; padding: 1px 6px; cursor: pointer; }
    button:hover { background: #263b47; }
    button:disabled { opacity: 0.4; cursor: default; }
    .empty { color: #93a4ae; padding: 8px 10px; }
    input[type='checkbox'] { margin: 0; accent-color: #4fb3d9; }
  `;
  protected readonly languageController = new LanguageController(this);

  @property({ attribute: false }) groups: PanelGroup[] = [];
  @property({ attribute: false }) selectedId: string | null = null;
  @property({ attribute: false }) hiddenFindings: ReadonlySet<string> = new Set();
  @property({ type: Boolean }) allHidden = false;
  @property({ attribute: false }) statsOf: (id: string) => MarkStats = () => null;
  /** Changes when the measurements behind statsOf changed, so that the panel reads them again. */
  @property({ attribute: false }) statsVersion = 0;
  @property({ attribute: false }) whereOf: (a: Annotation) => string = () => '';

  private emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private renderMark(a: Annotation, editable: boolean) {
    const lang = currentLanguage();
    const stop = (e: Event) => e.stopPropagation();
    return html`<li
      data-annotation=${a.id}
      aria-current=${a.id === this.selectedId ? 'true' : 'false'}
      tabindex="0"
      @click=${() => this.emit('rc-annotation-select', { id: a.id })}
      @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.emit('rc-annotation-select', { id: a.id })}
      @mouseenter=${() => this.emit('rc-annotation-hover', { id: a.id })}
      @mouseleave=${() => this.emit('rc-annotation-hover', { id: null })}
    >
      <span><span class="kind">${t(`tool.${a.kind}`)}</span>${a.label ? html` “${a.label}”` : nothing} <span class="where">${this.whereOf(a)}</span></span>
      <span class="actions" @click=${stop}>
        ${editable
          ? html`<button type="button" title=${t('annotations.relabel')} aria-label=${t('annotations.relabel')} @click=${() => this.emit('rc-annotation-relabel', { id: a.id })}>✎</button>
              <button type="button" title=${a.locked ? t('annotations.unlock') : t('annotations.lock')} aria-label=${a.locked ? t('annotations.unlock') : t('annotations.lock')} @click=${() => this.emit('rc-annotation-lock', { id: a.id })}>${a.locked ? '■' : '□'}</button>
              <button type="button" title=${t('annotations.delete')} aria-label=${t('annotations.delete')} ?disabled=${Boolean(a.locked)} @click=${() => this.emit('rc-annotation-delete', { id: a.id })}>✕</button>`
          : nothing}
      </span>
      <span class="stats" data-testid="stats">${describeStats(a.kind, this.statsOf(a.id))}</span>
      ${a.note ? html`<span class="note">${a.note[lang] || a.note.en || a.note.es}</span>` : nothing}
    </li>`;
  }

  private renderGroup(group: PanelGroup) {
    const lang = currentLanguage();
    const byFinding = FINDINGS.map((f) => ({ f, marks: group.annotations.filter((a) => a.finding === f.key) })).filter((g) => g.marks.length > 0);
    const unknown = group.annotations.filter((a) => !findingFor(a.finding));
    return html`<section data-set=${group.set}>
      <h3>${group.title} (${group.annotations.length})</h3>
      ${group.annotations.length === 0 ? html`<div class="empty">${t('annotations.empty')}</div>` : nothing}
      ${byFinding.map(
        ({ f, marks }) => html`<div class="finding">
            <input
              type="checkbox"
              .checked=${!this.hiddenFindings.has(f.key)}
              aria-label=${t('annotations.toggleFinding', { finding: f.name[lang] })}
              @change=${(e: Event) => this.emit('rc-finding-visibility', { finding: f.key, hidden: !(e.target as HTMLInputElement).checked })}
            />
            <span class="swatch" style="background:${f.colour}"></span><span>${f.name[lang]}</span>
          </div>
          <ul>
            ${marks.map((a) => this.renderMark(a, group.editable))}
          </ul>`,
      )}
      ${unknown.length ? html`<ul>${unknown.map((a) => this.renderMark(a, group.editable))}</ul>` : nothing}
    </section>`;
  }

  render() {
    return html`<header>
        <h2>${t('annotations.title')}</h2>
        <button type="button" @click=${() => this.emit('rc-annotations-visibility', { hidden: !this.allHidden })}>
          ${this.allHidden ? t('annotations.showAll') : t('annotations.hideAll')}
        </button>
        <slot name="actions"></slot>
      </header>
      <slot name="tools"></slot>
      <div class="scroll">${this.groups.map((g) => this.renderGroup(g))}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-annotation-panel': RcAnnotationPanel;
  }
}
