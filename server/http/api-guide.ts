/**
 * The guide for client developers: how to sign in, what the session cookie and the `x-csrf-token` header are,
 * the `{version, input}` body of a step, and one worked curl example per common call. The one home of this text:
 * `/api/docs` renders it as HTML and the README's API section is written from it (`npm run docs:api`); a test
 * runs every example against a started server and fails when the README lags behind.
 */
import { CSRF_HEADER, SESSION_COOKIE } from './middleware/session.ts';

export interface GuideSection {
  title: string;
  /** Paragraphs (Markdown inline code in backticks). */
  text: readonly string[];
  /** A bash snippet (curl and jq); the snippets run in order as one script. */
  shell?: string;
}

export const API_GUIDE: readonly GuideSection[] = [
  {
    title: '约定',
    text: [
      '接口前缀 `/api/v1`，请求与响应均为 UTF-8 的 JSON（报告与文书下载除外）。机器可读描述见 `/api/openapi.json`，' +
        '逐个接口浏览见 `/api/docs`。',
      `登录：\`POST /api/v1/auth/login\`，请求体 \`{"username", "password", "totp"}\`（\`totp\` 为已启用双因素认证的账号的 6 位动态码，` +
        `其他账号不填）。成功时返回 \`{"csrf", "user"}\`，并设置会话 Cookie \`${SESSION_COOKIE}\`（HttpOnly、SameSite=Strict、` +
        'Path=/；设置 `XINFANG_SECURE_COOKIES=1` 时另加 Secure，须经 HTTPS 访问）。此后每个请求都带上这个 Cookie。' +
        '会话空闲超过 `XINFANG_IDLE_MINUTES`（默认 30 分钟）即失效，接口返回 401 `UNAUTHENTICATED`，重新登录即可。',
      `CSRF：除 GET、HEAD、OPTIONS 外，每个请求都须带请求头 \`${CSRF_HEADER}\`，值为登录时返回的 \`csrf\`；缺少或不符时返回 403 \`CSRF\`。` +
        '令牌在会话期间不变，丢失后可用 `GET /api/v1/auth/me` 重新取得（同时返回当前用户、角色与可用功能）。',
      '办理步骤：`POST /api/v1/items/{id}/steps`，请求体 `{"version", "input"}`。`version` 为事项当前的版本号（详情与列表中的 ' +
        '`version`）；`input.step` 为步骤名，其余字段随步骤而定（例如交转 `route` 需 `kind` 与 `unitId`，答复 `reply` 需 `facts`、' +
        '`basis` 与逐项 `answers`），`input.on` 为办理日期，不填为当天。详情中的 `steps` 列出当前用户此刻可办的步骤。' +
        '成功后版本号加 1；以旧版本号提交返回 409 `CONFLICT`（`details.current` 为当前版本号），刷新后重试，任何修改都不会被悄悄覆盖。',
      '错误一律为 `{"error": {"code", "message", "details"}}`：`code` 稳定，供程序判断（全部取值见 `contract/errors.ts`），' +
        '`message` 为说明如何改正的中文。登记可带 `Idempotency-Key` 请求头：同一个键重复提交只登记一次，第二次返回 200 与 ' +
        '`"replayed": true`。登录与信访人公开查询按来源地址限流（`XINFANG_RATE_LIMIT`，默认每分钟 60 次），超出返回 429 `RATE_LIMITED`。',
    ],
  },
  {
    title: '示例的准备',
    text: [
      '以下示例用 bash、curl 与 jq，按顺序执行即可在 `npm start` 启动的演示环境中走通一遍（演示账号见上文）。' +
        '`XF` 为服务地址，每个账号的 Cookie 存在各自的文件中。',
    ],
    shell: 'XF=${XF:-http://localhost:8080}   # npm start 打印的网址',
  },
  {
    title: '登录',
    text: [
      '登记员 `dengji` 登录：`-c` 保存会话 Cookie，jq 取出 CSRF 令牌备用。返回 `{"csrf", "user"}`，`user.abilities` 为可用功能。',
    ],
    shell: [
      "CSRF=$(curl -fsS -c dengji.cookies -H 'content-type: application/json' \\",
      `  -d '{"username":"dengji","password":"Xf@2025demo"}' "$XF/api/v1/auth/login" | jq -r .csrf)`,
    ].join('\n'),
  },
  {
    title: '登记事项',
    text: [
      '请求体即 `RegisterItemInput`（渠道、收到日期、人数、信访人、标题、内容、诉求……）。返回 201 与 `{"item", "queryCode", ' +
        '"repeatCandidates", "replayed"}`：`item` 为事项详情，`queryCode` 为信访人查询码（只在此时返回一次），' +
        '`repeatCandidates` 为可能的重复信访。',
    ],
    shell: [
      `jq -n --arg on "$(date +%F)" '{channel: "来信", receivedOn: $on, headCount: 1,`,
      `  petitioners: [{name: "赵某", phone: "13900001234"}], title: "建设路路面破损",`,
      `  content: "建设路中段路面破损严重，雨天积水，行人车辆通行困难。", demands: ["尽快修复路面"]}' > item.json`,
      `ITEM=$(curl -fsS -b dengji.cookies -H "${CSRF_HEADER}: $CSRF" -H 'content-type: application/json' \\`,
      `  -H 'idempotency-key: jsl-0001' -d @item.json "$XF/api/v1/items" | jq -r .item.id)`,
    ].join('\n'),
  },
  {
    title: '事项列表',
    text: [
      '筛选（`status` 可逗号分隔多个、`warning`、`unitId`、`q` 关键词、`registeredFrom`/`registeredTo` …）、排序（`sort`、`order`）' +
        '与分页（`page`、`pageSize` ≤ 200）。返回 `{"total", "page", "pageSize", "today", "items"}`，只含当前用户可见的事项，个人信息脱敏。',
    ],
    shell: `curl -fsS -b dengji.cookies "$XF/api/v1/items?status=registered&sort=registeredOn&order=desc&pageSize=5" \\
  | jq '{total, items: [.items[] | {number, title, status, version, dueOn}]}'`,
  },
  {
    title: '事项详情',
    text: [
      '返回事项全部内容：`version`、`status`、各项期限 `deadlines`（含截止日与计算过程 `explanation`）、当前用户可办的步骤 `steps`、' +
        '可下载的文书 `documents` 等。',
    ],
    shell: `curl -fsS -b dengji.cookies "$XF/api/v1/items/$ITEM" \\
  | jq '{number, status, version, steps, deadlines: [.deadlines[] | {rule, due, explanation}]}'`,
  },
  {
    title: '办理一个步骤',
    text: [
      '审核员 `shenhe` 登录，把事项转送区住建局：先取单位 id 与事项当前版本号，再提交 `{"version", "input"}`。' +
        '返回 `{"item", "summary", "refused"}`，`item.version` 已加 1。',
    ],
    shell: [
      "CSRF2=$(curl -fsS -c shenhe.cookies -H 'content-type: application/json' \\",
      `  -d '{"username":"shenhe","password":"Xf@2025demo"}' "$XF/api/v1/auth/login" | jq -r .csrf)`,
      `UNIT=$(curl -fsS -b shenhe.cookies "$XF/api/v1/units" | jq -r '.units[] | select(.name == "区住建局") | .id')`,
      `VERSION=$(curl -fsS -b shenhe.cookies "$XF/api/v1/items/$ITEM" | jq .version)`,
      `jq -n --argjson version "$VERSION" --arg unit "$UNIT" \\`,
      `  '{version: $version, input: {step: "route", kind: "转送", unitId: $unit, note: "请依法受理，按期答复信访人"}}' > route.json`,
      `curl -fsS -b shenhe.cookies -H "${CSRF_HEADER}: $CSRF2" -H 'content-type: application/json' \\`,
      `  -d @route.json "$XF/api/v1/items/$ITEM/steps" | jq '{summary, status: .item.status, version: .item.version}'`,
    ].join('\n'),
  },
  {
    title: '版本冲突与 CSRF',
    text: [
      '再次提交同一请求体（版本号已过时）得到 409 `CONFLICT`；不带 CSRF 请求头得到 403 `CSRF`。两次都不会改动事项。',
    ],
    shell: [
      `curl -sS -b shenhe.cookies -H "${CSRF_HEADER}: $CSRF2" -H 'content-type: application/json' \\`,
      `  -d @route.json "$XF/api/v1/items/$ITEM/steps"   # {"error":{"code":"CONFLICT",…,"details":{"current":2}}}`,
      `curl -sS -b shenhe.cookies -H 'content-type: application/json' \\`,
      `  -d @route.json "$XF/api/v1/items/$ITEM/steps"   # {"error":{"code":"CSRF",…}}`,
    ].join('\n'),
  },
  {
    title: '信访形势分析报告',
    text: [
      '领导 `lingdao` 登录后取某一期间的情况通报：`format` 为 `json`（默认，全部数字与占比）、`text`（通报正文）、' +
        '`docx` 或 `xlsx`（下载文件）；`compare=yoy` 同比、`prev` 环比；`top` 为责任单位排名数量。',
    ],
    shell: [
      "curl -fsS -c lingdao.cookies -H 'content-type: application/json' \\",
      `  -d '{"username":"lingdao","password":"Xf@2025demo"}' "$XF/api/v1/auth/login" > /dev/null`,
      `curl -fsS -b lingdao.cookies "$XF/api/v1/reports/situation?from=$(date +%Y)-01-01&to=$(date +%F)&format=text"`,
      `curl -fsS -b lingdao.cookies -o 通报.docx \\`,
      `  "$XF/api/v1/reports/situation?from=$(date +%Y)-01-01&to=$(date +%F)&compare=yoy&format=docx"`,
    ].join('\n'),
  },
  {
    title: '退出登录',
    text: ['会话在服务端作废，Cookie 随之失效；此后同一 Cookie 的请求得到 401 `UNAUTHENTICATED`。'],
    shell: `curl -fsS -b dengji.cookies -H "${CSRF_HEADER}: $CSRF" -X POST "$XF/api/v1/auth/logout"`,
  },
];

/** Every example in order, as one bash script. */
export function guideScript(): string {
  return API_GUIDE.flatMap((s) => (s.shell ? [s.shell] : [])).join('\n');
}

/** The guide as Markdown (the README's API section between its markers). */
export function guideMarkdown(): string {
  const parts: string[] = [];
  for (const s of API_GUIDE) {
    parts.push(`### ${s.title}`, '', ...s.text.flatMap((t) => [t, '']));
    if (s.shell) parts.push('```bash', s.shell, '```', '');
  }
  return parts.join('\n').trimEnd();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Markdown inline code to HTML, everything else escaped. */
function inlineHtml(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** The guide as HTML for /api/docs. */
export function guideHtml(): string {
  return API_GUIDE.map(
    (s) =>
      `<h2>${escapeHtml(s.title)}</h2>${s.text.map((t) => `<p>${inlineHtml(t)}</p>`).join('')}` +
      (s.shell ? `<pre><code>${escapeHtml(s.shell)}</code></pre>` : ''),
  ).join('\n');
}
