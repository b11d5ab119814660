// <rc-case-panel>: the case story with its findings linked to the images, the timeline of its
// studies and the list of the published figures.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { parseStory, type CaseStory } from '../case/story';
import type { CaseManifest } from '../case/manifest';
import { findingFor } from '../annotations/vocabulary';
import { LanguageController } from '../i18n/language-controller';
import { currentLanguage, t } from '../i18n/strings';

/**
 * @event rc-finding-link - detail: { finding } — show this finding's expert mark.
 * @event rc-figure-link - detail: { figure } — open the series standing for this figure.
 */
@customElement('rc-case-panel')
export class RcCasePanel extends LitElement {
  static styles = css`
    :host { display: block; overflow-y: auto; padding: 4px 12px 16px; color: #dce6ec; font: 13px/1.5 system-ui, sans-serif; }
    h3 { margin: 14px 0 4px; font-size: 12px; letter-spacing: 0.06em; text-transform: uppercase; color: #9fb0bb; }
    p { margin: 0 0 8px; }
    a.finding { color: inherit; text-decoration: none; border-bottom: 2px solid var(--c); cursor: pointer; border-radius: 2px; }
    a.finding:hover, a.finding:focus-visible { background: color-mix(in srgb, var(--c) 25%, transparent); outline: none; }
    a.finding[data-active] { background: color-mix(in srgb, var(--c) 40%, transparent); }
    ol.timeline { list-style: none; margin: 4px 0 0; padding: 0 0 0 14px; border-left: 2px solid #2f4450; }
    ol.timeline li { margin: 0 0 8px; position: relative; }
    ol.timeline li::before { content: ''; position: absolute; left: -20px; top: 6px; width: 10px; height: 10px; border-radius: 50%; background: #4fb3d9; }
    .date { color: #ffd88a; font-variant-numeric: tabular-nums; }
    ul.figures { list-style: none; margin: 4px 0; padding: 0; }
    ul.figures button { font: inherit; color: inherit; background: none; border: none; padding: 2px 0; cursor: pointer; text-align: left; }
    ul.figures button:hover { color: #7fd3f7; }
    .fig { display: inline-block; min-width: 44px; color: #ffd54a; font-weight: 600; }
    .notice { margin-top: 14px; padding: 8px; border: 1px solid #8a6d1c; border-radius: 6px; color: #ffd54a; background: #2a220a; font-size: 12px; }
  `;
  protected readonly languageController = new LanguageController(this);

  @property({ attribute: false }) story: CaseStory | null = null;
  @property({ attribute: false }) manifest: CaseManifest | null = null;
  /** The finding whose phrases are highlighted (the selected mark's). */
  @property({ attribute: false }) activeFinding: string | null = null;
  /** During a quiz the findings named in the story do not show where they are. */
  @property({ attribute: false }) linksDisabled = false;

  private emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private paragraph(text: string) {
    return html`<p>
      ${parseStory(text).map((segment) => {
        if (!('finding' in segment) || this.linksDisabled) return segment.text;
        const colour = findingFor(segment.finding)?.colour ?? '#9fb0bb';
        return html`<a
          class="finding"
          href="#"
          role="button"
          data-finding=${segment.finding}
          ?data-active=${segment.finding === this.activeFinding}
          style="--c:${colour}"
          @click=${(e: Event) => {
            e.preventDefault();
            this.emit('rc-finding-link', { finding: segment.finding });
          }}
          >${segment.text}</a
        >`;
      })}
    </p>`;
  }

  render() {
    const lang = currentLanguage();
    const story = this.story;
    const manifest = this.manifest;
    if (!story) return html`<p>${t('case.noStory')}</p>`;
    const figures = manifest?.studies.flatMap((study) => study.series.filter((s) => s.figure).map((s) => ({ study, series: s }))) ?? [];
    const seenFigures = new Set<string>();
    return html`
      ${story.sections.map((section) => html`<section data-section=${section.id}><h3>${section.title[lang]}</h3>${section.body[lang].map((p) => this.paragraph(p))}</section>`)}
      ${manifest
        ? html`<h3>${t('case.timeline')}</h3>
            <ol class="timeline">
              ${manifest.studies.map((study) => html`<li><span class="date">${study.date}</span> — ${study.description}</li>`)}
            </ol>`
        : nothing}
      ${figures.length
        ? html`<h3>${t('case.figures')}</h3>
            <ul class="figures">
              ${figures
                .filter(({ series }) => !seenFigures.has(series.figure as string) && seenFigures.add(series.figure as string))
                .map(
                  ({ series }) => html`<li>
                    <button type="button" data-figure=${series.figure} @click=${() => this.emit('rc-figure-link', { figure: series.figure })}>
                      <span class="fig">${t('case.figure', { n: (series.figure as string).replace('fig-', '') })}</span>${story.figures[series.figure as string]?.[lang] ?? series.description}
                    </button>
                  </li>`,
                )}
            </ul>`
        : nothing}
      ${manifest?.synthetic ? html`<div class="notice">${manifest.syntheticNotice?.[lang] ?? t('app.syntheticLong')}</div>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-case-panel': RcCasePanel;
  }
}
