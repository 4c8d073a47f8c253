/**
 * The hosted page's stylesheet, served from `/assets/pay.css` so that the
 * page's CSP can allow `style-src 'self'` and nothing inline.
 */
export const PAY_PAGE_CSS = `
:root {
  color-scheme: light;
  --ink: #1c2430;
  --muted: #5b6675;
  --line: #dfe3ea;
  --surface: #ffffff;
  --canvas: #f3f5f8;
  --brand: #2a4bd7;
  --brand-dark: #1e38a8;
  --danger: #b42318;
  --danger-bg: #fef3f2;
  --ok: #067647;
  --radius: 10px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 16px;
  line-height: 1.45;
  color: var(--ink);
  background: var(--canvas);
}
* { box-sizing: border-box; }
body { margin: 0; }
.page { max-width: 960px; margin: 0 auto; padding: 16px; }
.brand {
  display: flex; align-items: center; justify-content: space-between;
  gap: 12px; flex-wrap: wrap; margin-bottom: 16px;
}
.logo { font-weight: 700; font-size: 1.2rem; letter-spacing: -0.01em; }
.badge {
  font-size: 0.8rem; padding: 2px 10px; border-radius: 999px;
  background: #fff4d6; color: #6b4e00; border: 1px solid #f2d27a;
}
.content {
  display: grid; gap: 16px; grid-template-columns: 1fr;
  align-items: start;
}
@media (min-width: 760px) {
  .content { grid-template-columns: 5fr 6fr; }
  .content > .result, .content > .bank { grid-column: 1 / -1; }
}
.panel {
  background: var(--surface); border: 1px solid var(--line);
  border-radius: var(--radius); padding: 20px;
}
h2 { font-size: 1.15rem; margin: 0 0 8px; }
h3 { font-size: 1rem; margin: 16px 0 8px; }
.order-number { color: var(--muted); margin: 0 0 12px; }
.lines { list-style: none; margin: 0; padding: 0; }
.line {
  display: grid; grid-template-columns: 1fr auto; gap: 2px 12px;
  padding: 10px 0; border-bottom: 1px solid var(--line);
}
.line-name { font-weight: 500; overflow-wrap: anywhere; }
.line-qty { color: var(--muted); font-size: 0.9rem; grid-row: 2; }
.line-amount { grid-column: 2; grid-row: 1; text-align: right; }
.totals { margin: 12px 0 0; }
.totals div { display: flex; justify-content: space-between; padding: 3px 0; }
.totals dt { color: var(--muted); }
.totals dd { margin: 0; }
.totals .grand {
  font-weight: 700; font-size: 1.1rem; border-top: 1px solid var(--line);
  margin-top: 6px; padding-top: 10px;
}
.totals .grand dt { color: var(--ink); }
.methods ul {
  display: flex; gap: 8px; list-style: none; margin: 0 0 8px; padding: 0;
}
.tab {
  display: block; padding: 8px 14px; border: 1px solid var(--line);
  border-radius: 999px; color: var(--ink); text-decoration: none;
}
.tab[aria-current="page"] {
  border-color: var(--brand); background: #eef2ff; color: var(--brand-dark);
  font-weight: 600;
}
.field { margin: 0 0 14px; }
.field-row {
  display: grid; grid-template-columns: 1fr 1fr; gap: 12px;
  align-items: end;
}
label { display: block; font-weight: 600; margin-bottom: 4px; }
.hint { margin: 0 0 4px; color: var(--muted); font-size: 0.85rem; }
input {
  width: 100%; font: inherit; padding: 10px 12px; color: var(--ink);
  border: 1px solid #b9c1cd; border-radius: 8px; background: #fff;
}
input[aria-invalid="true"] { border-color: var(--danger); }
.field-error {
  margin: 0 0 4px; color: var(--danger); font-size: 0.9rem;
}
:focus-visible { outline: 3px solid #7c96ff; outline-offset: 2px; }
.button {
  display: inline-block; font: inherit; font-weight: 600;
  padding: 12px 18px; border: 0; border-radius: 8px; cursor: pointer;
  background: var(--brand); color: #fff; text-decoration: none;
}
.button:hover { background: var(--brand-dark); }
.button.secondary {
  background: #fff; color: var(--danger); border: 1px solid var(--danger);
}
.button.pay { width: 100%; margin-top: 4px; font-size: 1.05rem; }
.actions { display: flex; gap: 12px; flex-wrap: wrap; }
.alert {
  border: 1px solid var(--danger); background: var(--danger-bg);
  color: var(--danger); border-radius: 8px; padding: 10px 14px;
  margin: 0 0 14px;
}
.alert p { margin: 4px 0; }
.alert ul { margin: 4px 0; padding-left: 20px; }
.alert a { color: var(--danger); }
.test-cards {
  margin-top: 18px; padding: 10px 14px; border-radius: 8px;
  background: #f6f8fb; border: 1px dashed #b9c1cd; font-size: 0.9rem;
}
.test-cards h3 { margin: 0 0 6px; font-size: 0.9rem; }
.test-cards ul { margin: 0; padding-left: 18px; }
.test-cards p { margin: 6px 0 0; color: var(--muted); }
.reference {
  font: 600 1.6rem ui-monospace, "SFMono-Regular", Menlo, monospace;
  letter-spacing: 0.05em; margin: 8px 0;
}
.card-line { font-family: ui-monospace, Menlo, monospace; }
.note { color: var(--muted); }
.result { text-align: center; }
.result-icon {
  font-size: 2rem; margin: 0 auto 8px; width: 56px; height: 56px;
  line-height: 56px; border-radius: 50%; background: #ecfdf3;
  color: var(--ok);
}
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
`;
