// <rc-quiz-panel>: the trainee's side of a quiz. Lists the marks made so far; "Reveal and score"
// shows, per finding, whether it was found, the marks that missed or were mislabelled, and the totals.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Annotation } from '../annotations/model';
import { findingFor } from '../annotations/vocabulary';
import type { FindingScore, MarkScore, QuizScore } from '../teaching/scoring';
import { OUTCOME_COLOURS } from '../teaching/modes';
import { currentLanguage, t } from '../i18n/strings';
import { LanguageController } from '../i18n/language-controller';

const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

/**
 * @slot tools - the drawing tools.
 * @event rc-quiz-reveal - the trainee asks for the answer and the score.
 * @event rc-quiz-retry - clear the marks and hide the answer again.
 * @event rc-quiz-export - download the score as JSON.
 * @event rc-annotation-select - detail: { id } — go to a mark (the trainee's, or an expert target once revealed).
 * @event rc-annotation-delete - detail: { id }.
 */
@customElement('rc-quiz-panel')
export class RcQuizPanel extends LitElement {
  static styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; background: #101a20; color: #dce6ec; font: 12px/1.45 system-ui, sans-serif; }
    header { padding: 10px 12px 8px; border-bottom: 1px solid #22323c; }
    h2 { margin: 0 0 4px; font-size: 11px; letter-spacing: 0.08em; text-transform: uppercase; color: #9fb0bb; }
    p { margin: 0 0 6px; color: #b7c5cd; }
    .scroll { overflow-y: auto; flex: 1; padding: 6px 0 12px; }
    h3 { margin: 10px 12px 4px; font-size: 12px; color: #c7d3da; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: flex; align-items: center; gap: 6px; padding: 4px 12px; }
    li.mark { cursor: pointer; }
    li.mark:hover { background: #1a2c36; }
    .swatch { width: 10px; height: 10px; border-radius: 2px; flex: none; }
    .name { flex: 1; }
    .where { color: #93a4ae; }
    .badge { font-size: 11px; padding: 0 6px; border-radius: 8px; color: #0b1216; font-weight: 600; white-space: nowrap; }
    .detail { color: #9fb0bb; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
    button { font: inherit; color: #dce6ec; background: #1d2d36; border: 1px solid #2f4450; border-radius: 4px; padding: 3px 9px; cursor: pointer; }
    button.primary { background: #1f5a75; border-color: #4fb3d9; color: #fff; font-weight: 600; }
    button:disabled { opacity: 0.45; cursor: default; }
    button:focus-visible, li:focus-visible { outline: 2px solid #4fb3d9; outline-offset: -2px; }
    .totals { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px; margin: 8px 12px; }
    .total { background: #15232b; border: 1px solid #24343d; border-radius: 6px; padding: 6px; text-align: center; }
    .total b { display: block; font-size: 18px; color: #e8eef2; font-variant-numeric: tabular-nums; }
    .total span { color: #9fb0bb; font-size: 11px; }
    .legend { display: flex; gap: 10px; flex-wrap: wrap; margin: 2px 12px 6px; color: #9fb0bb; }
    .legend i { display: inline-block; width: 14px; height: 0; border-top: 2px solid; vertical-align: middle; margin-right: 4px; }
    .empty { color: #93a4ae; padding: 4px 12px; }
  `;
  protected readonly languageController = new LanguageController(this);

  @property({ attribute: false }) marks: Annotation[] = [];
  @property({ attribute: false }) score: QuizScore | null = null;
  @property({ attribute: false }) whereOf: (a: Annotation) => string = () => '';
  /** "Try again" clears the marks for good: the first press asks, the second clears. */
  @state() private confirmingRetry = false;

  private emit(type: string, detail: unknown = null) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private findingName(key: string) {
    return findingFor(key)?.name[currentLanguage()] ?? key;
  }

  private outcomeBadge(outcome: MarkScore['outcome']) {
    return html`<span class="badge" style="background:${OUTCOME_COLOURS[outcome]}">${t(`quiz.outcome.${outcome}`)}</span>`;
  }

  private renderMark(a: Annotation, scored?: MarkScore) {
    const colour = findingFor(a.finding)?.colour ?? '#9fb0bb';
    const detail = scored?.iou !== undefined ? t('quiz.iou', { iou: scored.iou.toFixed(2) }) : scored?.distanceMm !== undefined ? t('quiz.distance', { mm: scored.distanceMm.toFixed(1) }) : '';
    return html`<li
      class="mark"
      data-mark=${a.id}
      data-outcome=${scored?.outcome ?? nothing}
      tabindex="0"
      @click=${() => this.emit('rc-annotation-select', { id: a.id })}
      @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.emit('rc-annotation-select', { id: a.id })}
    >
      <span class="swatch" style="background:${colour}"></span>
      <span class="name">${this.findingName(a.finding)} <span class="where">${t(`tool.${a.kind}`)} · ${this.whereOf(a)}</span></span>
      ${scored ? html`<span class="detail">${detail}</span>${this.outcomeBadge(scored.outcome)}` : nothing}
      ${this.score
        ? nothing
        : html`<button
            type="button"
            aria-label=${t('annotations.delete')}
            title=${t('annotations.delete')}
            @click=${(e: Event) => {
              e.stopPropagation();
              this.emit('rc-annotation-delete', { id: a.id });
            }}
          >
            ✕
          </button>`}
    </li>`;
  }

  private renderFinding(f: FindingScore) {
    const colour = findingFor(f.finding)?.colour ?? '#9fb0bb';
    const detail = f.bestIoU !== undefined ? t('quiz.iou', { iou: f.bestIoU.toFixed(2) }) : f.minDistanceMm !== undefined ? t('quiz.distance', { mm: f.minDistanceMm.toFixed(1) }) : '';
    return html`<li data-finding=${f.finding} data-hit=${String(f.hit)}>
      <span class="swatch" style="background:${colour}"></span>
      <span class="name">${this.findingName(f.finding)}${f.mislabelledMarks.length ? html` <span class="where">${t('quiz.mislabelledHere', { n: f.mislabelledMarks.length })}</span>` : nothing}</span>
      <span class="detail">${detail}</span>
      <span class="badge" style="background:${f.hit ? OUTCOME_COLOURS.hit : '#607d8b'}">${f.hit ? t('quiz.found') : t('quiz.missed')}</span>
      <button type="button" aria-label=${t('quiz.showAnswer', { finding: this.findingName(f.finding) })} title=${t('quiz.showAnswer', { finding: this.findingName(f.finding) })} @click=${() => this.emit('rc-annotation-select', { id: f.targets[0] })}>→</button>
    </li>`;
  }

  render() {
    const score = this.score;
    const byId = new Map(score?.marks.map((m) => [m.id, m]) ?? []);
    return html`<header>
        <h2>${t('quiz.title')}</h2>
        <p>${score ? t('quiz.revealedHelp') : t('quiz.help')}</p>
        <div class="actions">
          ${score
            ? html`<button
                  type="button"
                  class="primary"
                  data-action="retry"
                  @click=${() => {
                    if (!this.confirmingRetry && this.marks.length > 0) {
                      this.confirmingRetry = true;
                      return;
                    }
                    this.confirmingRetry = false;
                    this.emit('rc-quiz-retry');
                  }}
                  @blur=${() => (this.confirmingRetry = false)}
                >
                  ${this.confirmingRetry ? t('quiz.retryConfirm') : t('quiz.retry')}
                </button>
                <button type="button" @click=${() => this.emit('rc-quiz-export')}>${t('quiz.export')}</button>`
            : html`<button type="button" class="primary" data-action="reveal" @click=${() => this.emit('rc-quiz-reveal')}>${t('quiz.reveal')}</button>`}
        </div>
      </header>
      <slot name="tools"></slot>
      <div class="scroll">
        ${score
          ? html`<div class="totals" data-testid="quiz-totals">
                <div class="total"><b data-testid="quiz-found">${score.totals.found}/${score.totals.findings}</b><span>${t('quiz.sensitivity', { p: percent(score.totals.sensitivity) })}</span></div>
                <div class="total"><b data-testid="quiz-agreement">${percent(score.totals.labelAgreement)}</b><span>${t('quiz.labelAgreement')}</span></div>
                <div class="total"><b data-testid="quiz-false-positives">${score.totals.falsePositives}</b><span>${t('quiz.falsePositives')}</span></div>
              </div>
              <div class="legend"><span><i style="border-color:#dce6ec"></i>${t('quiz.legendYours')}</span><span><i style="border-top-style:dashed;border-color:#dce6ec"></i>${t('quiz.legendExpert')}</span></div>
              <h3>${t('quiz.byFinding')}</h3>
              <ul data-testid="quiz-findings">${score.findings.map((f) => this.renderFinding(f))}</ul>`
          : nothing}
        <h3>${t('quiz.yourMarks', { n: this.marks.length })}</h3>
        ${this.marks.length === 0 ? html`<div class="empty">${t('quiz.noMarks')}</div>` : nothing}
        <ul data-testid="quiz-marks">${this.marks.map((a) => this.renderMark(a, byId.get(a.id)))}</ul>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-quiz-panel': RcQuizPanel;
  }
}
