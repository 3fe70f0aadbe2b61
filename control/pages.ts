import { html, type TemplateResult } from 'lit';
import type { Role, User } from '../server/protocol/auth.js';
import type { Locale } from './i18n.js';
import type { PageId } from './page-ids.js';
import './components/ctl-register-page.js';
import './components/ctl-displays-page.js';
import './components/ctl-users-page.js';
import './components/ctl-web-channel-page.js';
import './components/ctl-account-page.js';
import './components/ctl-audit-page.js';
import './components/ctl-timeline-page.js';
import './components/ctl-schedule-page.js';
import './components/ctl-override-page.js';
import './components/ctl-print-page.js';
import './components/ctl-proof-page.js';
import './components/plans/ctl-plans-page.js';
import './components/plans/ctl-plan-report-page.js';
import './components/plans/ctl-plan-reader-page.js';

export interface PageContext {
  locale: Locale;
  me: User;
  /** The query of the hash route ("#/plans?plan=3"). */
  params: URLSearchParams;
}

/** A page of the control panel: its hash route, its title and who may open it. */
export interface PageDef {
  id: PageId;
  title: Record<Locale, string>;
  /** Absent: every signed-in user. The server enforces the same rule on every call. */
  roles?: Role[];
  /** Reached by a link from another page, not from the navigation bar. */
  hidden?: boolean;
  render(ctx: PageContext): TemplateResult;
}

export const PAGES: PageDef[] = [
  {
    id: 'slogans',
    title: { vi: 'Sổ nội dung', en: 'Content register' },
    render: (c) => html`<ctl-register-page .locale=${c.locale} .me=${c.me}></ctl-register-page>`,
  },
  {
    id: 'plans',
    title: { vi: 'Kế hoạch', en: 'Plans' },
    render: (c) => html`<ctl-plans-page .locale=${c.locale} .me=${c.me} .planId=${Number(c.params.get('plan')) || 0}></ctl-plans-page>`,
  },
  {
    id: 'plan-report',
    title: { vi: 'Báo cáo kết quả kế hoạch', en: 'Plan report' },
    hidden: true,
    render: (c) => html`<ctl-plan-report-page .locale=${c.locale} .planId=${Number(c.params.get('plan')) || 0}></ctl-plan-report-page>`,
  },
  {
    id: 'timeline',
    title: { vi: 'Lịch phát', en: 'Timeline' },
    render: (c) => html`<ctl-timeline-page .locale=${c.locale} .me=${c.me} .previewPlanId=${Number(c.params.get('previewPlan')) || 0}></ctl-timeline-page>`,
  },
  {
    id: 'events',
    title: { vi: 'Sự kiện & đợt', en: 'Events & phases' },
    render: (c) => html`<ctl-schedule-page .locale=${c.locale} .me=${c.me}></ctl-schedule-page>`,
  },
  {
    id: 'plan-reader',
    title: { vi: 'Đọc kế hoạch', en: 'Read a plan' },
    // Those who may import plans (POST /api/plans/read and /api/plans/import).
    roles: ['admin', 'approver'],
    render: (c) => html`<ctl-plan-reader-page .locale=${c.locale} .me=${c.me}></ctl-plan-reader-page>`,
  },
  {
    id: 'overrides',
    title: { vi: 'Điều khiển nhanh', en: 'Overrides' },
    roles: ['operator', 'admin'],
    render: (c) => html`<ctl-override-page .locale=${c.locale} .me=${c.me}></ctl-override-page>`,
  },
  {
    id: 'displays',
    title: { vi: 'Màn hình', en: 'Displays' },
    render: (c) => html`<ctl-displays-page .locale=${c.locale} .me=${c.me}></ctl-displays-page>`,
  },
  {
    id: 'proof',
    title: { vi: 'Báo cáo phát', en: 'Proof of play' },
    render: (c) => html`<ctl-proof-page .locale=${c.locale} .me=${c.me}></ctl-proof-page>`,
  },
  {
    id: 'users',
    title: { vi: 'Người dùng', en: 'Users' },
    roles: ['admin'],
    render: (c) => html`<ctl-users-page .locale=${c.locale} .me=${c.me}></ctl-users-page>`,
  },
  {
    id: 'web',
    title: { vi: 'Trang tin', en: 'Web page' },
    roles: ['admin'],
    render: (c) => html`<ctl-web-channel-page .locale=${c.locale} .me=${c.me}></ctl-web-channel-page>`,
  },
  {
    id: 'audit',
    title: { vi: 'Nhật ký', en: 'Audit log' },
    roles: ['admin'],
    render: (c) => html`<ctl-audit-page .locale=${c.locale}></ctl-audit-page>`,
  },
  {
    id: 'print',
    title: { vi: 'In băng rôn', en: 'Print' },
    roles: ['operator', 'admin', 'approver'],
    render: (c) => html`<ctl-print-page .locale=${c.locale} .me=${c.me}></ctl-print-page>`,
  },
  {
    id: 'account',
    title: { vi: 'Tài khoản', en: 'Account' },
    render: (c) => html`<ctl-account-page .locale=${c.locale} .me=${c.me}></ctl-account-page>`,
  },
];

export function pagesFor(me: User): PageDef[] {
  return PAGES.filter((p) => !p.roles || p.roles.some((r) => me.roles.includes(r)));
}
