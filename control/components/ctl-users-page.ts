import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { canApprove, ROLES, rolesConflict, type Role, type User } from '../../server/protocol/auth.js';
import { createUser, listUsers, updateUser } from '../data/auth.js';
import { describeProblem } from '../data/http.js';
import { defineMessages, storedLocale, roleNames, type Locale } from '../i18n.js';
import { sharedStyles } from './shared-styles.js';

const messages = defineMessages(
  {
    heading: 'Người dùng',
    create: 'Thêm người dùng',
    username: 'Tên đăng nhập',
    displayName: 'Họ tên',
    roles: 'Vai trò',
    password: 'Mật khẩu ban đầu (ít nhất 12 ký tự)',
    save: 'Tạo',
    state: 'Tình trạng',
    active: 'Đang hoạt động',
    disabled: 'Đã khóa',
    disable: 'Khóa',
    enable: 'Mở khóa',
    created: 'Đã tạo người dùng',
    fewApprovers: 'Chỉ {n} người duyệt được nội dung: nguyên tắc bốn mắt cần ít nhất hai người duyệt (người soạn hay nhập kế hoạch không tự duyệt được). Hãy giao vai trò "Duyệt nội dung" cho thêm người.',
    conflict: 'Quản trị viên không thể đồng thời là người duyệt nội dung (để không ai tự cấp quyền duyệt cho mình); hãy dùng hai tài khoản.',
  },
  {
    heading: 'Users',
    create: 'Add a user',
    username: 'Username',
    displayName: 'Full name',
    roles: 'Roles',
    password: 'Initial password (at least 12 characters)',
    save: 'Create',
    state: 'State',
    active: 'Active',
    disabled: 'Disabled',
    disable: 'Disable',
    enable: 'Enable',
    created: 'User created',
    fewApprovers: 'Only {n} people can approve content: the four eyes rule needs at least two approvers (whoever wrote or imported an item cannot approve it). Give the "Approver" role to more people.',
    conflict: 'An admin cannot also be an approver (so nobody can grant themselves approval); use two accounts.',
  },
);

/** Admin page: every account, its roles, lock/unlock, and a form to add one. */
@customElement('ctl-users-page')
export class CtlUsersPage extends LitElement {
  @property({ attribute: false }) locale: Locale = 'vi';
  @property({ attribute: false }) me!: User;
  @state() private _users: User[] = [];
  @state() private _error: string | undefined;
  @state() private _notice: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this._users = await listUsers();
    } catch (err) {
      this._error = describe(err);
    }
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      await createUser({
        username: String(data.get('username')),
        displayName: String(data.get('displayName')),
        roles: data.getAll('roles').map(String) as Role[],
        password: String(data.get('password')),
      });
      form.reset();
      this._error = undefined;
      this._notice = messages(this.locale).created;
      await this.load();
    } catch (err) {
      this._error = describe(err);
    }
  }

  private async change(user: User, changes: { roles?: Role[]; disabled?: boolean }): Promise<void> {
    try {
      await updateUser(user.id, changes);
      this._error = undefined;
    } catch (err) {
      this._error = describe(err);
    }
    await this.load();
  }

  private toggleRole(user: User, role: Role, on: boolean): void {
    const roles = on ? [...user.roles, role] : user.roles.filter((r) => r !== role);
    void this.change(user, { roles });
  }

  /** Four eyes needs two approvers: with fewer, whatever the only approver imports waits forever. */
  private renderApproverWarning() {
    if (!this._users.length) return '';
    const count = this._users.filter((u) => !u.disabled && u.passwordSet && canApprove(u.roles)).length;
    if (count >= 2) return '';
    return html`<p class="warning" role="alert" data-testid="few-approvers">${messages(this.locale).fewApprovers.replace('{n}', String(count))}</p>`;
  }

  override render() {
    const m = messages(this.locale);
    const names = roleNames(this.locale);
    return html`
      <h2>${m.heading}</h2>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${this._notice ? html`<p role="status">${this._notice}</p>` : ''}
      ${this.renderApproverWarning()}
      <p class="muted">${m.conflict}</p>
      <table>
        <thead><tr><th>${m.username}</th><th>${m.displayName}</th><th>${m.roles}</th><th>${m.state}</th><th></th></tr></thead>
        <tbody>
          ${this._users.map(
            (u) => html`
              <tr data-user=${u.username}>
                <td>${u.username}</td>
                <td>${u.displayName}</td>
                <td class="roles">
                  ${ROLES.map(
                    (r) => html`<label class="inline"
                      ><input
                        type="checkbox"
                        .checked=${u.roles.includes(r)}
                        ?disabled=${!u.roles.includes(r) && rolesConflict([...u.roles, r])}
                        title=${!u.roles.includes(r) && rolesConflict([...u.roles, r]) ? m.conflict : ''}
                        @change=${(e: Event) => this.toggleRole(u, r, (e.target as HTMLInputElement).checked)} />
                      ${names[r]}</label
                    >`,
                  )}
                </td>
                <td>${u.disabled ? m.disabled : m.active}</td>
                <td><button @click=${() => this.change(u, { disabled: !u.disabled })}>${u.disabled ? m.enable : m.disable}</button></td>
              </tr>
            `,
          )}
        </tbody>
      </table>
      <h2>${m.create}</h2>
      <form @submit=${this.create}>
        <label>${m.username}<input name="username" required pattern="[a-z0-9][a-z0-9._\\-]{1,31}" /></label>
        <label>${m.displayName}<input name="displayName" required maxlength="80" /></label>
        <fieldset>
          <legend>${m.roles}</legend>
          ${ROLES.map((r) => html`<label class="inline"><input type="checkbox" name="roles" value=${r} /> ${names[r]}</label>`)}
        </fieldset>
        <label>${m.password}<input name="password" type="password" autocomplete="new-password" minlength="12" required /></label>
        <button class="primary" type="submit">${m.save}</button>
      </form>
    `;
  }

  static override styles = [
    sharedStyles,
    css`
      label.inline { display: inline-flex; align-items: center; gap: 4px; margin-right: 12px; color: var(--pano-ink); }
      fieldset { border: 1px solid var(--pano-line); border-radius: var(--pano-radius); }
    `,
  ];
}

function describe(err: unknown): string {
  return describeProblem(err, storedLocale());
}

declare global {
  interface HTMLElementTagNameMap {
    'ctl-users-page': CtlUsersPage;
  }
}
