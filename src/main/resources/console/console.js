// The operators' console (issue 14): one page over the operations API (/api/ops). Plain JS, no
// library, no build step.
//
// Two rules hold everywhere in this file:
//  - Every value from the API reaches the page as text: elements are made with createElement and
//    filled with text nodes (h() below); nothing is ever parsed as markup (no innerHTML,
//    insertAdjacentHTML, document.write), no URL or attribute name comes from data. The page's
//    Content-Security-Policy enforces Trusted Types with no policy, so a markup sink would throw.
//  - The operator's credential lives in a variable of this closure only: never in a URL, in
//    localStorage or sessionStorage, or a cookie. fetch() sends it as a header with
//    credentials: 'omit', so the browser neither adds remembered credentials nor opens its own
//    Basic-auth prompt on a 401 (the fetch standard prompts only when credentials are included).
'use strict';
(() => {
  const REFRESH_MS = 5000;
  const PAGE_SIZE = 20;
  const STATUSES = ['ACCEPTED', 'RUNNING', 'WAITING', 'AWAITING_INPUT', 'PARKED', 'COMPLETED', 'FAILED'];
  const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

  let credential = null;     // {headers} while signed in
  let selected = null;       // requestId whose timeline is open
  let listPage = 0;
  let timer = null;
  let refreshing = false;
  let again = false;
  let refreshes = 0;
  let dialogFor = null;      // {requestId, action} of the open action dialog
  const shown = new Map();   // section -> JSON last rendered (unchanged data is not rendered again)

  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ building elements safely

  /** An element with properties and children; strings become text nodes, never markup. */
  function h(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'data') Object.entries(v).forEach(([dk, dv]) => { if (dv !== null && dv !== undefined) e.dataset[dk] = String(dv); });
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : String(v)); // attribute names are this file's, values plain text
      }
    }
    append(e, children);
    return e;
  }

  function append(parent, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  function fill(container, ...children) {
    container.replaceChildren();
    append(container, children);
  }

  /** Renders a section only when its data changed: no flicker, and focus and selection stay put. */
  function render(key, data, fn) {
    const json = JSON.stringify(data);
    if (shown.get(key) === json) return;
    shown.set(key, json);
    fn(data);
  }

  // ------------------------------------------------------------------ formatting

  function pad(n) { return String(n).padStart(2, '0'); }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    const now = new Date();
    const hms = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
    return d.toDateString() === now.toDateString() ? hms : d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + hms;
  }

  function span(ms) {
    const s = Math.round(Math.abs(ms) / 1000);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function ago(iso) {
    if (!iso) return '';
    const ms = Date.now() - new Date(iso).getTime();
    return ms < 0 ? 'in ' + span(ms) : span(ms) + ' ago';
  }

  function millis(ms) {
    if (ms === null || ms === undefined) return '';
    if (ms < 1000) return ms + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    return span(ms);
  }

  function when(iso) {
    return iso ? h('time', { datetime: iso, title: iso }, time(iso), h('span', { class: 'ago' }, ' · ', relative(iso))) : '';
  }

  /** "3 min ago" / "in 20 s", kept current at every refresh by tick() even when its section is not rendered again. */
  function relative(iso, prefix) {
    return h('span', { data: { rel: iso, prefix: prefix || '' } }, (prefix || '') + ago(iso));
  }

  function tick() {
    document.querySelectorAll('[data-rel]').forEach((e) => { e.textContent = e.dataset.prefix + ago(e.dataset.rel); });
  }

  function pill(status) {
    return h('span', { class: 'pill st-' + String(status || 'none').toLowerCase().replace(/[^a-z0-9]+/g, '-'), data: { status } },
      String(status || '—'));
  }

  function table(headers, rows, cls) {
    return h('table', { class: cls || 'grid' },
      h('thead', null, h('tr', null, headers.map((t) => h('th', null, t)))),
      h('tbody', null, rows));
  }

  function empty(text) {
    return h('p', { class: 'empty' }, text);
  }

  // ------------------------------------------------------------------ the API

  async function api(method, path, body) {
    const headers = Object.assign({ Accept: 'application/json' }, credential ? credential.headers : {});
    const init = { method, headers, credentials: 'omit', cache: 'no-store', redirect: 'error' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    return { status: response.status, data };
  }

  function errors(result) {
    const list = result.data && Array.isArray(result.data.errors) ? result.data.errors : [];
    return list.length ? list.join('; ') : 'HTTP ' + result.status;
  }

  // ------------------------------------------------------------------ signing in and out

  function loginKind() {
    return document.querySelector('input[name="login-kind"]:checked').value;
  }

  function onLoginKind() {
    const password = loginKind() === 'password';
    $('login-name-row').hidden = !password;
    $('login-secret-label').textContent = password ? 'Password' : 'API key';
  }

  async function signIn(event) {
    event.preventDefault();
    const secret = $('login-secret').value;
    const name = $('login-name').value.trim();
    let headers;
    if (loginKind() === 'password') {
      if (!name || name.includes(':')) return loginError('Type your operator name (without ":").');
      const bytes = new TextEncoder().encode(name + ':' + secret);
      headers = { Authorization: 'Basic ' + btoa(String.fromCharCode(...bytes)) };
    } else {
      headers = { 'X-API-Key': secret.trim() };
    }
    if (!secret.trim()) return loginError('Type the credential.');
    $('login-submit').disabled = true;
    try {
      credential = { headers };
      const r = await api('GET', '/api/ops/overview');
      if (r.status === 200) {
        $('login-secret').value = '';
        $('login-error').hidden = true;
        $('login').hidden = true;
        $('console').hidden = false;
        $('session').hidden = false;
        showOverview(r.data);
        refresh();
        return;
      }
      credential = null;
      loginError(r.status === 401 ? 'Not accepted: ' + errors(r)
        : r.status === 403 ? 'This is a sending system\'s credential: the console needs an operator\'s (ops.operators).'
          : 'The application answered ' + errors(r));
    } catch (e) {
      credential = null;
      loginError('Could not reach the application: ' + e.message);
    } finally {
      $('login-submit').disabled = false;
    }
  }

  function loginError(text) {
    $('login-error').textContent = text;
    $('login-error').hidden = false;
  }

  function signOut(message) {
    credential = null;
    clearTimeout(timer);
    timer = null;
    selected = null;
    closeDialog();
    shown.clear();
    ['counts', 'needs-action', 'tl-body', 'budgets', 'poller', 'requests'].forEach((id) => $(id).replaceChildren());
    $('timeline').hidden = true;
    $('console').hidden = true;
    $('session').hidden = true;
    $('login').hidden = false;
    if (typeof message === 'string') loginError(message);
    $('login-secret').focus();
  }

  // ------------------------------------------------------------------ refreshing

  async function refresh() {
    if (!credential) return;
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    clearTimeout(timer);
    try {
      const calls = [api('GET', '/api/ops/overview'), listCall()];
      const id = selected;
      if (id) calls.push(api('GET', '/api/ops/requests/' + encodeURIComponent(id)));
      const [overview, list, timeline] = await Promise.all(calls);
      for (const r of [overview, list, timeline]) {
        if (r && (r.status === 401 || r.status === 403)) {
          signOut('Signed out: the application no longer accepts the credential (' + errors(r) + ').');
          return;
        }
      }
      if (overview.status === 200) showOverview(overview.data);
      if (list) showList(list);
      if (timeline && id === selected) showTimeline(id, timeline);
      tick();
      refreshes++;
      state(overview.status === 200 ? 'Updated ' + time(new Date().toISOString()) : 'Overview: ' + errors(overview),
        overview.status !== 200);
    } catch (e) {
      state('Could not reach the application at ' + time(new Date().toISOString()) + ': ' + e.message, true);
    } finally {
      refreshing = false;
      if (credential) {
        if (again) {
          again = false;
          refresh();
        } else if ($('auto-refresh').checked) {
          timer = setTimeout(refresh, REFRESH_MS);
        }
      }
    }
  }

  function state(text, bad) {
    const s = $('refresh-state');
    s.textContent = $('auto-refresh').checked ? text : text + ' (paused)';
    s.classList.toggle('bad', !!bad);
    s.dataset.refreshes = String(refreshes);
  }

  function showOverview(o) {
    render('counts', o.counts || {}, showCounts);
    render('needs', [o.needsAction || [], o.needsActionTotal], ([items, total]) => showNeeds(items, total));
    render('budgets', [o.budgets || [], $('show-idle').checked], ([b]) => showBudgets(b));
    render('poller', o.poller || {}, showPoller);
  }

  // ------------------------------------------------------------------ counts

  function showCounts(counts) {
    const names = STATUSES.concat(Object.keys(counts).filter((s) => !STATUSES.includes(s)));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    fill($('counts'),
      names.map((s) => h('button', {
        type: 'button', class: 'tile st-' + s.toLowerCase().replace(/_/g, '-') + (counts[s] ? '' : ' zero'),
        data: { status: s }, title: 'list the ' + s + ' requests', onclick: () => filterStatus(s),
      }, h('span', { class: 'n' }, String(counts[s] || 0)), h('span', { class: 'label' }, s.replace('_', ' ').toLowerCase()))),
      h('button', { type: 'button', class: 'tile total', data: { status: 'ALL' }, onclick: () => filterStatus('') },
        h('span', { class: 'n' }, String(total)), h('span', { class: 'label' }, 'all')));
  }

  function filterStatus(s) {
    $('filter-status').value = s;
    listPage = 0;
    refresh();
    $('requests').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  // ------------------------------------------------------------------ needs action

  function actionButtons(r) {
    return h('span', { class: 'actions' }, (r.actions || []).map((a) => h('button', {
      type: 'button', class: a === 'abandon' ? 'danger small' : 'primary small', data: { action: a, requestId: r.requestId },
      onclick: () => openDialog(r.requestId, a),
    }, a === 'resume' ? 'Resume' : a === 'resolve' ? 'Resolve…' : 'Abandon')));
  }

  function idLink(id) {
    return h('button', { type: 'button', class: 'link mono', data: { open: id }, title: 'show the timeline', onclick: () => openTimeline(id) }, id);
  }

  function why(r) {
    return h('div', { class: 'why' }, r.errorCode ? h('span', { class: 'code' }, r.errorCode) : null,
      h('span', { class: 'reason', title: r.reason || '' }, r.reason || ''));
  }

  function showNeeds(items, total) {
    $('needs-total').textContent = total ? String(total) : '';
    $('needs-total').hidden = !total;
    if (!items.length) {
      fill($('needs-action'), empty('Nothing needs a person right now.'));
      return;
    }
    fill($('needs-action'), table(['Request', 'Flow', 'Why', 'Parked', 'Resumes by itself', ''], items.map((r) => h('tr', { data: { requestId: r.requestId } },
      h('td', null, idLink(r.requestId)),
      h('td', { class: 'mono small nowrap' }, r.flow),
      h('td', null, why(r)),
      h('td', { class: 'small nowrap' }, when(r.updatedAt)),
      h('td', { class: 'small' }, r.retryAt ? relative(r.retryAt, 'resumes ') : 'waits for a person'),
      h('td', { class: 'right' }, actionButtons(r))))),
    total > items.length ? h('p', { class: 'muted small' }, 'The ' + items.length + ' most recent of ' + total + ': see Requests below, status PARKED.') : null);
  }

  // ------------------------------------------------------------------ a request's timeline

  function openTimeline(id) {
    selected = id;
    shown.delete('timeline');
    $('tl-id').textContent = id;
    fill($('tl-body'), empty('Loading…'));
    $('timeline').hidden = false;
    $('timeline').scrollIntoView({ behavior: 'smooth', block: 'start' });
    refresh();
  }

  function closeTimeline() {
    selected = null;
    shown.delete('timeline');
    $('timeline').hidden = true;
  }

  function showTimeline(id, r) {
    if (r.status === 404) {
      render('timeline', 404, () => fill($('tl-body'), empty('No request ' + id + ' in the journal.')));
      return;
    }
    if (r.status !== 200) {
      render('timeline', r.status, () => fill($('tl-body'), h('p', { class: 'error' }, errors(r))));
      return;
    }
    render('timeline', r.data, (t) => {
      const ids = Object.entries(t.ids || {});
      fill($('tl-body'),
        h('div', { class: 'tl-summary' },
          h('dl', { class: 'facts' },
            fact('Status', pill(t.status)),
            fact('Flow', h('span', { class: 'mono' }, t.flow)),
            fact('Client', t.client || '—'),
            fact('Intake', t.intake || '—'),
            fact('Created', when(t.createdAt)),
            fact('Updated', when(t.updatedAt)),
            t.errorCode || t.reason ? fact(t.status === 'FAILED' ? 'Failed' : 'Why', why(t)) : null,
            t.retryAt ? fact('Resumes by itself', when(t.retryAt)) : null,
            t.runningOn ? fact('Running on', h('span', { class: 'mono' }, t.runningOn)) : null,
            fact('Octane ids', ids.length ? h('span', { class: 'chips' }, ids.map(([k, v]) => h('span', { class: 'chip' },
              h('span', { class: 'k' }, k), ' ', h('span', { class: 'mono' }, typeof v === 'object' ? JSON.stringify(v) : String(v))))) : '—')),
          (t.actions || []).length ? h('div', { class: 'tl-actions' }, actionButtons(t)) : null),
        h('h3', null, 'Steps'),
        (t.steps || []).length ? table(['Step', 'Octane operation', 'Outcome', 'Attempts', 'Started', 'Took'], t.steps.map((s) => h('tr', null,
          h('td', { class: 'mono' }, s.step), h('td', { class: 'mono' }, s.operation),
          h('td', null, h('span', { class: s.outcome === 'done' ? 'ok' : 'warn' }, s.outcome)),
          h('td', { class: 'num' }, String(s.attempts)), h('td', { class: 'small' }, time(s.startedAt)),
          h('td', { class: 'num small' }, millis(s.millis))))) : empty('No step has run yet.'),
        h('h3', null, 'Orders'),
        (t.orders || []).length ? table(['Order', 'Status', 'Octane status', 'Polls', 'Submitted', 'Last polled', 'Next poll', 'Error'],
          t.orders.map((o) => h('tr', null,
            h('td', null, h('span', { class: 'muted small' }, orderIdName(o) + ' '), h('span', { class: 'mono' }, String(o[orderIdName(o)] ?? ''))),
            h('td', null, pill(o.status)), h('td', null, o.octaneStatus || ''),
            h('td', { class: 'num' }, String(o.polls) + (o.unreadableInARow ? ' (' + o.unreadableInARow + ' unreadable)' : '')),
            h('td', { class: 'small' }, time(o.submittedAt)), h('td', { class: 'small' }, time(o.lastPolledAt)),
            h('td', { class: 'small' }, o.nextPollAt ? relative(o.nextPollAt) : ''),
            h('td', { class: 'small' }, o.error || '')))) : empty('No Octane order.'),
        h('h3', null, 'Events'),
        (t.events || []).length ? h('ol', { class: 'events' }, t.events.map((e) => h('li', null,
          h('span', { class: 'at' }, time(e.at)), h('span', { class: 'ev ev-' + String(e.type).replace(/[^a-z-]/g, '') }, String(e.type)),
          e.step ? h('span', { class: 'mono small' }, e.step) : null,
          h('span', { class: 'details' }, details(e))))) : empty('No event.'),
        h('h3', null, 'Audit trail'),
        (t.audit || []).length ? table(['At', 'By', 'Action', 'Reason', 'Result'], t.audit.map((a) => h('tr', null,
          h('td', { class: 'small' }, time(a.at)), h('td', null, a.by), h('td', null, a.action),
          h('td', { class: 'audit-reason' }, a.reason), h('td', { class: String(a.result).startsWith('refused') ? 'warn' : '' }, a.result))))
          : empty('No operator has acted on it.'));
    });
  }

  function fact(label, value) {
    return [h('dt', null, label), h('dd', null, value)];
  }

  function orderIdName(o) {
    return ['orderId', 'enquiryId'].find((k) => k in o) || 'orderId';
  }

  function details(e) {
    return Object.entries(e).filter(([k]) => !['type', 'requestId', 'flow', 'at', 'step'].includes(k))
      .map(([k, v]) => k + ' ' + (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(' · ');
  }

  // ------------------------------------------------------------------ budgets and backlog

  function showBudgets(list) {
    const all = $('show-idle').checked;
    const busy = (b) => b.thisHour > 0 || b.blockedUntil || b.waits > 0;
    const rows = list.filter((b) => all || busy(b)).sort((a, b) => ratio(b) - ratio(a) || String(a.method).localeCompare(String(b.method)));
    const idle = list.length - list.filter(busy).length;
    $('show-idle-label').textContent = 'show the ' + idle + (idle === 1 ? ' method' : ' methods') + ' not called this hour';
    fill($('budgets'), rows.length ? rows.map((b) => h('div', { class: 'budget', data: { method: b.method } },
      h('div', { class: 'budget-head' }, h('span', { class: 'mono' }, b.method), h('span', { class: 'api' }, b.api),
        b.waits ? h('span', { class: 'muted small' }, b.waits + (b.waits === 1 ? ' wait' : ' waits')) : null,
        b.blockedUntil ? h('span', { class: 'blocked', title: b.blockedUntil }, 'Octane asked to wait until ' + time(b.blockedUntil) + ' (', relative(b.blockedUntil), ')') : null),
      bar('minute', b.thisMinute, b.perMinute), bar('hour', b.thisHour, b.perHour)))
      : empty('No Octane call this hour.'));
  }

  function ratio(b) {
    return Math.max(b.perMinute ? b.thisMinute / b.perMinute : 0, b.perHour ? b.thisHour / b.perHour : 0) + (b.blockedUntil ? 2 : 0);
  }

  function bar(window, used, limit) {
    const share = limit ? Math.min(1, used / limit) : 0;
    const fillEl = h('span', { class: 'fill' + (share >= 0.9 ? ' hot' : share >= 0.7 ? ' warm' : '') });
    fillEl.style.width = (share * 100).toFixed(1) + '%'; // CSSOM, allowed by style-src 'self' (no style attribute is parsed)
    return h('div', { class: 'bar-row' }, h('span', { class: 'bar-label' }, 'this ' + window),
      h('span', { class: 'bar', role: 'meter', 'aria-valuenow': used, 'aria-valuemin': 0, 'aria-valuemax': limit ?? '' }, fillEl),
      h('span', { class: 'bar-value num' }, limit ? used + ' / ' + limit : used + ' (no limit)'));
  }

  function showPoller(p) {
    fill($('poller'), h('div', { class: 'stats' },
      stat('orders followed', p.followed, ''),
      stat('due now', p.due, p.due > 0 ? 'warn' : ''),
      stat('oldest due for', p.oldestDueSince ? millis(p.lagMillis) : '—', p.lagMillis > 60000 ? 'bad' : '')),
    p.oldestDueSince ? h('p', { class: 'small' }, 'The oldest due order has waited since ' + time(p.oldestDueSince) + '.') : null,
    h('p', { class: 'muted small' }, 'Orders still followed, and those whose next read is due. The poller reads them within the rate '
      + 'budget, each order at most once per octane.poll.min-interval (Octane\'s rule R1: 30 minutes).'));
  }

  function stat(label, value, cls) {
    return h('div', { class: 'stat ' + cls }, h('span', { class: 'n' }, String(value ?? 0)), h('span', { class: 'label' }, label));
  }

  // ------------------------------------------------------------------ the request list

  function listCall() {
    const q = $('filter-q').value.trim();
    const flow = $('filter-flow').value.trim();
    if (q && !ID_PATTERN.test(q)) {
      showListError('requestId contains: 1-64 characters of A-Z a-z 0-9 . _ : -');
      return null;
    }
    const p = new URLSearchParams({ sort: 'updatedAt', order: 'desc', page: String(listPage), size: String(PAGE_SIZE) });
    if ($('filter-status').value) p.set('status', $('filter-status').value);
    if (q) p.set('q', q);
    if (flow) p.set('flow', flow);
    return api('GET', '/api/ops/requests?' + p.toString());
  }

  function showListError(text) {
    $('list-error').textContent = text;
    $('list-error').hidden = !text;
  }

  function showList(r) {
    if (r.status !== 200) {
      showListError(errors(r));
      return;
    }
    showListError('');
    render('list', r.data, (page) => {
      const items = page.items || [];
      fill($('requests'), items.length ? table(['Request', 'Flow', 'Status', 'Client', 'Intake', 'Created', 'Updated', 'Why'],
        items.map((x) => h('tr', { data: { requestId: x.requestId } },
          h('td', null, idLink(x.requestId)), h('td', { class: 'mono small nowrap' }, x.flow), h('td', null, pill(x.status)),
          h('td', null, x.client || ''), h('td', null, x.intake || ''), h('td', { class: 'small nowrap' }, time(x.createdAt)),
          h('td', { class: 'small nowrap' }, relative(x.updatedAt)), h('td', null, x.errorCode || x.reason ? why(x) : '')))) : empty('No request matches.'));
      const from = page.total ? page.page * page.size + 1 : 0;
      $('page-info').textContent = from + '–' + (page.page * page.size + items.length) + ' of ' + page.total;
      $('page-prev').disabled = page.page === 0;
      $('page-next').disabled = (page.page + 1) * page.size >= page.total;
    });
  }

  let filterTimer = null;
  function onFilter() {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => { listPage = 0; refresh(); }, 350);
  }

  // ------------------------------------------------------------------ actions

  const HELP = {
    resume: 'It runs again now: its retries and automatic resumes start over, and an order the poller gave up on is read again.',
    resolve: 'Its create was sent but the answer never came, so nobody knows whether Octane made the order (G-IDEMP). '
      + 'Look for it in Octane first, then say what you found.',
    abandon: 'It ends FAILED (ABANDONED), with a failed event carrying your reason; its orders are no longer read. There is no undo.',
  };

  function openDialog(requestId, action) {
    dialogFor = { requestId, action };
    fill($('action-title'), action === 'resume' ? 'Resume ' : action === 'resolve' ? 'Resolve ' : 'Abandon ', h('code', null, requestId));
    $('action-help').textContent = HELP[action];
    $('resolve-choice').hidden = action !== 'resolve';
    document.querySelectorAll('input[name="outcome"]').forEach((i) => { i.checked = false; });
    $('resolve-order-id').value = '';
    $('action-reason').value = '';
    $('action-error').hidden = true;
    $('action-confirm').textContent = action === 'resume' ? 'Resume' : action === 'resolve' ? 'Resolve' : 'Abandon';
    $('action-confirm').className = action === 'abandon' ? 'danger' : 'primary';
    $('action-confirm').disabled = false;
    $('action-dialog').showModal();
    (action === 'resolve' ? document.querySelector('input[name="outcome"]') : $('action-reason')).focus();
  }

  function closeDialog() {
    dialogFor = null;
    if ($('action-dialog').open) $('action-dialog').close();
  }

  function actionError(text) {
    $('action-error').textContent = text;
    $('action-error').hidden = false;
  }

  async function confirmAction(event) {
    event.preventDefault();
    if (!dialogFor) return;
    const { requestId, action } = dialogFor;
    const reason = $('action-reason').value.trim();
    const body = { reason };
    if (action === 'resolve') {
      const outcome = document.querySelector('input[name="outcome"]:checked');
      if (!outcome) return actionError('Say what you found in Octane.');
      body.outcome = outcome.value;
      if (outcome.value === 'created') {
        const orderId = $('resolve-order-id').value.trim();
        if (!orderId) return actionError('Type the orderId Octane shows for it.');
        body.orderId = orderId;
      }
    }
    if (!reason) return actionError('Say why: the reason goes into the audit trail.');
    $('action-confirm').disabled = true;
    try {
      const r = await api('POST', '/api/ops/requests/' + encodeURIComponent(requestId) + '/' + action, body);
      if (r.status === 401 || r.status === 403) {
        signOut('Signed out: the application no longer accepts the credential (' + errors(r) + ').');
        return;
      }
      if (r.status !== 200) {
        actionError('Refused: ' + errors(r));
        return;
      }
      closeDialog();
      flash(requestId + ': ' + (r.data && r.data.result ? r.data.result : 'done'));
      if (selected !== requestId) openTimeline(requestId);
      else refresh();
    } catch (e) {
      actionError('Could not reach the application: ' + e.message);
    } finally {
      $('action-confirm').disabled = false;
    }
  }

  let flashTimer = null;
  function flash(text) {
    $('flash').textContent = text;
    $('flash').hidden = false;
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => { $('flash').hidden = true; }, 15000);
  }

  // ------------------------------------------------------------------ wiring

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', signIn);
    document.querySelectorAll('input[name="login-kind"]').forEach((i) => i.addEventListener('change', onLoginKind));
    $('sign-out').addEventListener('click', () => signOut());
    $('auto-refresh').addEventListener('change', () => {
      if ($('auto-refresh').checked) refresh();
      else {
        clearTimeout(timer);
        state('Updated ' + time(new Date().toISOString()), false);
      }
    });
    $('show-idle').addEventListener('change', () => { shown.delete('budgets'); refresh(); });
    $('tl-close').addEventListener('click', closeTimeline);
    $('filter').addEventListener('submit', (e) => { e.preventDefault(); listPage = 0; refresh(); });
    $('filter-status').addEventListener('change', onFilter);
    $('filter-q').addEventListener('input', onFilter);
    $('filter-flow').addEventListener('input', onFilter);
    $('page-prev').addEventListener('click', () => { listPage = Math.max(0, listPage - 1); refresh(); });
    $('page-next').addEventListener('click', () => { listPage++; refresh(); });
    $('action-form').addEventListener('submit', confirmAction);
    // an error about what is missing goes once the operator changes something
    $('action-form').addEventListener('input', () => { $('action-error').hidden = true; });
    $('action-cancel').addEventListener('click', closeDialog);
    $('action-dialog').addEventListener('close', () => { dialogFor = null; });
    $('resolve-order-id').addEventListener('focus', () => { document.querySelector('input[name="outcome"][value="created"]').checked = true; });
    $('login-secret').focus();
  });
})();
