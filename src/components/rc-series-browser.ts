// <rc-series-browser>: the studies and their series as thumbnails; choosing one shows it.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { utilities } from '@cornerstonejs/core';
import type { ViewerSeries, ViewerStudy } from '../imaging/library';
import { t } from '../i18n/strings';
import { LanguageController } from '../i18n/language-controller';

const formatDate = (da: string) => (/^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da || t('series.noDate'));

/**
 * @event rc-select-series - detail: { series: ViewerSeries, study: ViewerStudy }.
 */
@customElement('rc-series-browser')
export class RcSeriesBrowser extends LitElement {
  static styles = css`
    :host {
      display: block;
      overflow-y: auto;
      background: #10191f;
      color: #dce6ec;
      font: 13px system-ui, sans-serif;
    }
    h2 {
      font-size: 12px;
      text-transform: uppercase;
      letter-spacing: 0.06em;
      color: #8fb3c4;
      margin: 12px 12px 6px;
    }
    section {
      border-bottom: 1px solid #1f2e36;
      padding-bottom: 6px;
    }
    .study {
      padding: 4px 12px 6px;
    }
    .study .date { font-weight: 600; }
    .study .desc { color: #9fb0bb; }
    ul { list-style: none; margin: 0; padding: 0 8px; }
    button {
      display: grid;
      grid-template-columns: 64px 1fr;
      gap: 8px;
      align-items: center;
      width: 100%;
      text-align: left;
      font: inherit;
      color: inherit;
      background: transparent;
      border: 1px solid transparent;
      border-radius: 6px;
      padding: 4px;
      cursor: pointer;
    }
    button:hover { background: #182a33; }
    button:focus-visible { outline: 2px solid #4fb3d9; }
    button[aria-current='true'] { background: #1e3a48; border-color: #4fb3d9; }
    .thumb {
      width: 64px;
      height: 64px;
      background: #000;
      border-radius: 3px;
      overflow: hidden;
      display: grid;
      place-items: center;
    }
    /* Cornerstone sizes the canvas inline; the tile decides. */
    .thumb canvas {
      width: 64px !important;
      height: 64px !important;
      object-fit: contain;
    }
    .modality {
      display: inline-block;
      font-size: 11px;
      font-weight: 700;
      padding: 0 4px;
      border-radius: 3px;
      background: #2b6f8c;
      color: #fff;
      margin-right: 4px;
    }
    .figure {
      white-space: nowrap;
      font-size: 11px;
      color: #ffd54a;
      margin-left: 4px;
    }
    .count { color: #9fb0bb; font-size: 12px; }
  `;
  protected readonly languageController = new LanguageController(this);

  @property({ attribute: false }) studies: ViewerStudy[] = [];
  @property({ attribute: false }) selected: ViewerSeries | null = null;
  /** Thumbnails wait until the first image is on screen so they never slow it down. */
  @property({ type: Boolean }) thumbnails = false;

  private drawn = new WeakSet<ViewerSeries>();
  private queue: Promise<void> = Promise.resolve();

  protected updated() {
    if (!this.thumbnails) return;
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-series]')) {
      const series = this.findSeries(canvas.dataset.series as string);
      if (!series || this.drawn.has(series) || series.imageIds.length === 0) continue;
      this.drawn.add(series);
      const imageId = series.imageIds[Math.floor(series.imageIds.length / 2)];
      this.queue = this.queue.then(async () => {
        try {
          canvas.width = 128;
          canvas.height = 128;
          await utilities.loadImageToCanvas({ canvas, imageId, thumbnail: true });
        } catch {
          // A broken file is already reported by the library; the tile stays black.
        }
      });
    }
  }

  private findSeries(key: string) {
    for (const study of this.studies) for (const series of study.series) if (series.key === key) return series;
    return undefined;
  }

  private choose(series: ViewerSeries, study: ViewerStudy) {
    this.dispatchEvent(new CustomEvent('rc-select-series', { detail: { series, study }, bubbles: true, composed: true }));
  }

  render() {
    return html`
      <h2>${t('series.title')}</h2>
      ${this.studies.map(
        (study) => html`
          <section aria-label=${`${formatDate(study.date)} ${study.description}`}>
            <div class="study">
              <div class="date">${formatDate(study.date)}${study.origin === 'local' ? html` · ${t('series.localFiles')}` : nothing}</div>
              <div class="desc">${study.description}</div>
            </div>
            <ul>
              ${study.series.map(
                (series) => html`<li>
                  <button type="button" data-series=${series.key} aria-current=${String(series === this.selected)} @click=${() => this.choose(series, study)}>
                    <span class="thumb"><canvas data-series=${series.key} width="128" height="128" aria-hidden="true"></canvas></span>
                    <span>
                      <span class="modality">${series.modality}</span>${series.description || '—'}
                      ${series.figure ? html`<span class="figure">${series.figure.replace('fig-', 'Fig. ')}</span>` : nothing}
                      <br /><span class="count"
                        >${series.imageIds.length === 1 ? t('series.image') : t('series.images', { n: series.imageIds.length })}</span
                      >
                    </span>
                  </button>
                </li>`,
              )}
            </ul>
          </section>
        `,
      )}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-series-browser': RcSeriesBrowser;
  }
}
