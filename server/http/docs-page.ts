import { guideHtml } from './api-guide.ts';

/**
 * A self-contained API page (no CDN: the product runs without internet): the client developer's guide (sign-in,
 * cookie, CSRF header, step body, worked curl examples), then every operation read from /api/openapi.json with
 * its parameters and body schema.
 */
export function docsPage(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>xinfang API 文档</title>
<style>body{font-family:system-ui,"Microsoft YaHei",sans-serif;margin:24px;max-width:1100px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}h3{font-size:15px;margin-top:20px}
.op{border:1px solid #e3e3e3;border-radius:6px;margin:8px 0;padding:8px 12px}
.m{display:inline-block;min-width:56px;font-weight:bold;text-transform:uppercase}.get{color:#1677ff}
.post{color:#389e0d}.put{color:#d48806}.delete{color:#cf1322}
pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px;max-height:320px}
code{font-family:ui-monospace,Consolas,monospace}p code{background:#f3f4f6;padding:0 3px;border-radius:3px}
p{line-height:1.7}h2.all{margin-top:40px}summary{cursor:pointer}</style></head>
<body><h1>xinfang 信访事项办理平台 API</h1>
<p>机器可读描述：<a href="/api/openapi.json">/api/openapi.json</a>。除登录与信访人查询外，接口均须登录（Cookie 会话），修改类请求须携带
<code>x-csrf-token</code> 请求头。</p>
${guideHtml()}
<h2 class="all">全部接口</h2>
<div id="root">加载中…</div>
<script src="/api/docs.js"></script></body></html>`;
}

export const DOCS_JS = `fetch('/api/openapi.json').then(r=>r.json()).then(spec=>{
const byTag={};
for(const [p,ops] of Object.entries(spec.paths||{}))for(const [m,op] of Object.entries(ops)){
  const t=(op.tags||['其他'])[0];(byTag[t]=byTag[t]||[]).push({p,m,op})}
const root=document.getElementById('root');root.textContent='';
for(const [t,list] of Object.entries(byTag)){const h=document.createElement('h3');h.textContent=t;root.appendChild(h);
for(const {p,m,op} of list){
  const d=document.createElement('div');d.className='op';
  const s=document.createElement('span');s.className='m '+m;s.textContent=m;d.appendChild(s);
  const code=document.createElement('code');code.textContent=p;d.appendChild(code);
  const sum=document.createElement('span');sum.textContent='  '+(op.summary||'');d.appendChild(sum);
  const det=document.createElement('details');
  const su=document.createElement('summary');su.textContent='参数与请求体';det.appendChild(su);
  const body=op.requestBody&&op.requestBody.content&&op.requestBody.content['application/json'];
  const pre=document.createElement('pre');
  pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:body&&body.schema},null,2);
  det.appendChild(pre);d.appendChild(det);root.appendChild(d)}}})
.catch(e=>{document.getElementById('root').textContent='加载失败：'+e});`;
