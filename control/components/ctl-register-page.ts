import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { User } from '../../server/protocol/auth.js';
import { ContentStatusSchema } from '../../server/protocol/api.js';
import { ITEM_TAGS } from '../../server/protocol/plan.js';
import { ITEM_KINDS, type Item, type ItemListQuery, type PlanSummary } from '../../server/protocol/content.js';
import { ACTION_ROLES } from '../../server/domain/workflow.js';
import { describeError, exportPlanFile, importPlan, listItems, listPlans } from '../data/content.js';
import { defineMessages, kindNames, statusNames, tagNames, type Locale } from '../i18n.js';
import { fetchEvents } from '../data/schedule.js';
import { mediaUrl } from '../data/media.js';
import type { RevisionMedia } from '../../server/protocol/media.js';
import { sharedStyles } from './shared-styles.js';
import type { CtlRegisterItem } from './ctl-register-item.js';
import './ctl-register-editor.js';
import './ctl-register-item.js';
import { ContentReloadController } from '../controllers/content-reload.js';

const messages = defineMessages(
  {
    heading: 'Sổ đăng ký nội dung',
    propose: 'Đề xuất mới',
    status: 'Trạng thái',
    kind: 'Loại',
    tag: 'Nhãn',
    event: 'Sự kiện',
    source: 'Nguồn',
    search: 'Tìm trong nội dung',
    all: 'Tất cả',
    text: 'Nội dung',
    pending: 'có bản sửa',
    loading: 'Đang tải…',
    empty: 'Không có mục nào khớp bộ lọc.',
    plans: 'Kế hoạch',
    export: 'Xuất JSON',
    import: 'Nhập kế hoạch (JSON)',
    imported: 'Đã nhập kế hoạch; các mục đang chờ người khác duyệt.',
    notJson: 'Tệp không phải JSON hợp lệ',
    mediaLeftOut: 'Tệp kế hoạch chỉ chứa chữ: {n} mục ảnh/đoạn phim đã duyệt của kế hoạch không có trong tệp.',
  },
  {
    heading: 'Content register',
    propose: 'Propose new',
    status: 'Status',
    kind: 'Kind',
    tag: 'Tag',
    event: 'Event',
    source: 'Source',
    search: 'Search the text',
    all: 'All',
    text: 'Text',
    pending: 'edit pending',
    loading: 'Loading…',
    empty: 'No item matches the filters.',
    plans: 'Plans',
    export: 'Export JSON',
    import: 'Import a plan (JSON)',
    imported: 'Plan imported; its items await approval by someone else.',
    notJson: 'The file is not valid JSON',
    mediaLeftOut: 'A plan file holds text only: {n} approved picture/clip items of the plan are not in it.',
  },
);

/** A picture's or clip's small image in the list (upright, as Chromium draws a photo); nothing for text. */
function thumbnail(media: RevisionMedia | null) {
  if (!media) return '';
  return media.kind === 'picture'
    ? html`<img src=${mediaUrl('picture', media.mediaId)} alt="" loading="lazy" decoding="async" />`
    : html`<video src=${mediaUrl('clip', media.mediaId)} muted preload="metadata" aria-hidden="true"></video>`;
}

/** The register: filters, the item list, one item's workflow and history, and whole-plan import/export. */
@customElement('ctl-register-page')
export class CtlRegisterPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _items: Item[] | undefined;
  /** Every item, unfiltered: where the event and source filters take their choices from. */
  @state() private _all: Item[] = [];
  @state() private _plans: PlanSummary[] = [];
  /** Event names by id: filters show names, never ids. */
  @state() private _eventNames = new Map<string, string>();
  @state() private _filter: ItemListQuery = {};
  @state() private _selected: number | undefined;
  @state() private _proposing = false;
  @state() private _error: string | undefined;
  @state() private _notice: string | undefined;
  @query('ctl-register-item') private _detail: CtlRegisterItem | null | undefined;

  constructor() {
    super();
    new ContentReloadController(this, () => Promise.all([this.load(), this._detail?.load()]));
  }

  private async load(): Promise<void> {
    try {
      let events;
      [this._items, this._all, this._plans, events] = await Promise.all([listItems(this._filter), listItems(), listPlans(), fetchEvents()]);
      this._eventNames = new Map(events.map((e) => [e.id, e.name]));
      this._error = undefined;
    } catch (err) {
      this._error = describeError(err);
    }
  }

  private setFilter(key: keyof ItemListQuery, value: string): void {
    const next: Record<string, string> = { ...this._filter };
    if (value) next[key] = value;
    else delete next[key];
    this._filter = next as ItemListQuery;
    void this.load();
  }

  private async download(plan: PlanSummary): Promise<void> {
    try {
      const { plan: file, mediaLeftOut } = await exportPlanFile(plan.id);
      const json = JSON.stringify(file, null, 2);
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${plan.number.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'D').replace(/[^A-Za-z0-9-]+/g, '-')}.json`;
      a.click();
      URL.revokeObjectURL(url);
      this._notice = mediaLeftOut ? messages(this.locale).mediaLeftOut.replace('{n}', String(mediaLeftOut)) : undefined;
    } catch (err) {
      this._error = describeError(err);
    }
  }

  private async upload(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const m = messages(this.locale);
    let plan: unknown;
    try {
      plan = JSON.parse(await file.text());
    } catch {
      this._error = m.notJson;
      return;
    }
    try {
      await importPlan(plan);
      this._notice = m.imported;
      this._error = undefined;
      await this.load();
    } catch (err) {
      this._error = describeError(err);
    } finally {
      input.value = '';
    }
  }

  private select(id: number): void {
    this._selected = id;
    this._proposing = false;
  }

  override render() {
    const m = messages(this.locale);
    const canPropose = ACTION_ROLES.create.some((r) => this.me.roles.includes(r));
    return html`
      <h2>${m.heading} ${canPropose ? html`<button class="primary" data-action="new" @click=${() => (this._proposing = true)}>${m.propose}</button>` : ''}</h2>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${this._notice ? html`<p role="status">${this._notice}</p>` : ''}
      ${this._proposing
        ? html`<ctl-register-editor
            .locale=${this.locale}
            @item-proposed=${(e: CustomEvent<number>) => (void this.load(), this.select(e.detail))}
            @cancel=${() => (this._proposing = false)}
          ></ctl-register-editor>`
        : ''}
      ${this.renderFilters()}
      <div class="layout">
        <div class="list">${this.renderList()}</div>
        ${this._selected
          ? html`<div class="detail">
              <ctl-register-item .locale=${this.locale} .me=${this.me} .itemId=${this._selected} @item-changed=${() => this.load()}></ctl-register-item>
            </div>`
          : ''}
      </div>
      ${this.renderPlans()}
    `;
  }

  private renderFilters() {
    const m = messages(this.locale);
    const status = statusNames(this.locale);
    const tags = tagNames(this.locale);
    const kinds = kindNames(this.locale);
    const events = [...new Set(this._all.flatMap((i) => i.events))].sort();
    const sources = [...new Set(this._all.map((i) => i.source.document).filter(Boolean))].sort();
    const select = (key: keyof ItemListQuery, label: string, options: [string, string][]) => html`
      <label
        >${label}
        <select name=${key} @change=${(e: Event) => this.setFilter(key, (e.target as HTMLSelectElement).value)}>
          <option value="">${m.all}</option>
          ${options.map(([value, text]) => html`<option value=${value} ?selected=${this._filter[key] === value}>${text}</option>`)}
        </select>
      </label>
    `;
    return html`
      <div class="filters">
        ${select('status', m.status, ContentStatusSchema.options.map((s) => [s, status[s]]))}
        ${select('kind', m.kind, ITEM_KINDS.map((k) => [k, kinds[k]]))}
        ${select('tag', m.tag, ITEM_TAGS.map((t) => [t, tags[t]]))}
        ${select('event', m.event, events.map((e) => [e, this._eventNames.get(e) ?? e]))}
        ${select('source', m.source, sources.map((s) => [s, s]))}
        <label>${m.search}<input name="q" type="search" @change=${(e: Event) => this.setFilter('q', (e.target as HTMLInputElement).value.trim())} /></label>
      </div>
    `;
  }

  private renderList() {
    const m = messages(this.locale);
    const status = statusNames(this.locale);
    const kinds = kindNames(this.locale);
    if (!this._items) return html`<p>${m.loading}</p>`;
    if (!this._items.length) return html`<p class="muted">${m.empty}</p>`;
    return html`
      <table>
        <thead><tr><th>#</th><th>${m.text}</th><th>${m.status}</th><th>${m.source}</th></tr></thead>
        <tbody>
          ${this._items.map(
            (i) => html`
              <tr data-item-id=${i.id} data-key=${i.key} class=${i.id === this._selected ? 'selected' : ''} @click=${() => this.select(i.id)}>
                <td>${i.id}</td>
                <td class="what">
                  ${thumbnail((i.approved ?? i.latest).media)}
                  <span>${i.latest.title ? html`<strong>${i.latest.title}</strong><br />` : ''}${(i.approved ?? i.latest).text}<br /><span class="muted kind">${kinds[i.kind]}</span></span>
                </td>
                <td>
                  <span class="chip">${status[i.status]}</span>
                  ${i.approved && i.latest.id !== i.approved.id ? html`<span class="chip">${m.pending}: ${status[i.latest.status]}</span>` : ''}
                </td>
                <td class="muted">${[i.source.document, i.source.section].filter(Boolean).join(' · ')}</td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    `;
  }

  private renderPlans() {
    const m = messages(this.locale);
    const canImport = this.me.roles.some((r) => r === 'admin' || r === 'approver');
    return html`
      <h2>${m.plans}</h2>
      <table>
        <tbody>
          ${this._plans.map(
            (p) => html`<tr data-plan=${p.id}>
              <td>${p.number}</td>
              <td>${p.title}</td>
              <td><button @click=${() => this.download(p)}>${m.export}</button></td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${canImport ? html`<p><label>${m.import}<input type="file" accept="application/json,.json" @change=${this.upload} /></label></p>` : ''}
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      h2 button { margin-left: 12px; font-size: 0.9rem; }
      .filters { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 12px; }
      .layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
      .layout:has(.detail) { grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); }
      tbody tr { cursor: pointer; }
      tr.selected { background: var(--pano-ground); }
      td.what { display: flex; gap: 8px; align-items: flex-start; }
      td.what img, td.what video { width: 64px; height: 48px; object-fit: cover; flex: none; border-radius: 4px; background: var(--pano-ground); }
      .kind { font-size: 0.8rem; }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-register-page': CtlRegisterPage;
  }
}
