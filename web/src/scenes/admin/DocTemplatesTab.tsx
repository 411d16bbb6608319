import { useState } from 'react';
import { Alert, App, Button, Card, Input, List, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DocKind, PlaceholderInfo } from '../../../../contract/documents.ts';
import { ApiError, csrfHeader, errorText } from '../../api/client.ts';
import { call, client, type Dto, type Ok } from '../../api/typed.ts';
import { ErrorState, Loading } from '../../components/states.tsx';

type Version = Dto<'TemplateVersion'>;
type KindView = Dto<'DocTemplateKind'>;
type Preview = Ok<'/api/v1/doc-templates/{kind}/preview', 'post'>;

/**
 * Sends a template file as multipart: the typed client's bodies are JSON, so this one posts FormData itself (with
 * the CSRF header) and turns a refusal into the server's Chinese error.
 */
async function postFile<T>(path: string, file: File, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  form.set('file', file);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin', headers: csrfHeader() });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const data = (await res.json().catch(() => null)) as
    | (T & { error?: { code: string; message: string; details?: { missing?: { name: string; label: string }[] } } })
    | null;
  if (!res.ok)
    throw new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? '上传失败');
  return data as T;
}

const fmtTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

function PlaceholderHelp({ list }: { list: PlaceholderInfo[] }) {
  return (
    <List
      size="small"
      dataSource={list}
      renderItem={(p) => (
        <List.Item>
          <Space direction="vertical" size={0}>
            <span>
              <Typography.Text code>
                {p.fields || p.condition ? `{#${p.name}}…{/${p.name}}` : `{${p.name}}`}
              </Typography.Text>{' '}
              {p.label} {p.required && <Tag color="red">必需</Tag>}
              {p.condition && <Tag>条件段</Tag>}
              {p.fields && <Tag color="blue">列表</Tag>}
            </span>
            {p.fields && (
              <Typography.Text type="secondary">
                列表内可用：{p.fields.map((f) => `{${f.name}}（${f.label}）`).join('、')}
              </Typography.Text>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}

/** 文书模板: download a kind's template, edit it in Word/WPS, preview and upload it; versions and rollback. */
export function DocTemplatesTab() {
  const q = useQuery({
    queryKey: ['doc-templates'],
    queryFn: () => call(client.GET('/api/v1/doc-templates')),
  });
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [selected, setSelected] = useState<DocKind>('registration_receipt');
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [help, setHelp] = useState(false);
  const choose = (k: DocKind) => {
    setSelected(k);
    setFile(null);
    setPreview(null);
    setErr(null);
  };
  const pick = (f: File) => {
    setFile(f);
    setPreview(null);
    setErr(null);
    return false;
  };
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const kind = q.data.kinds.find((k) => k.kind === selected) ?? q.data.kinds[0]!;
  const base = `/api/v1/doc-templates/${kind.kind}`;
  const path = { params: { path: { kind: kind.kind } } };
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setErr(null);
    try {
      await fn();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const doPreview = () =>
    run(async () => {
      setPreview(
        file
          ? await postFile<Preview>(`${base}/preview`, file)
          : await call(client.POST('/api/v1/doc-templates/{kind}/preview', path)),
      );
    });
  const doUpload = () =>
    run(async () => {
      if (!file) return;
      await postFile(base, file, { note });
      message.success(`「${kind.label}」新模板已上传并启用`);
      setFile(null);
      setNote('');
      setPreview(null);
      await qc.invalidateQueries({ queryKey: ['doc-templates'] });
    });
  const activate = (versionId: string | null) =>
    run(async () => {
      await call(client.POST('/api/v1/doc-templates/{kind}/activate', { ...path, body: { versionId } }));
      message.success(versionId ? '已启用所选版本' : '已恢复默认模板');
      await qc.invalidateQueries({ queryKey: ['doc-templates'] });
    });
  return (
    <Space align="start" size="large" style={{ width: '100%' }} wrap>
      <Table<KindView>
        size="small"
        rowKey="kind"
        pagination={false}
        dataSource={q.data.kinds}
        style={{ minWidth: 280 }}
        onRow={(r) => ({ onClick: () => choose(r.kind) })}
        rowClassName={(r) => (r.kind === kind.kind ? 'ant-table-row-selected' : '')}
        columns={[
          { title: '文书', dataIndex: 'label' },
          {
            title: '使用中',
            render: (_: unknown, r) =>
              r.activeVersion ? <Tag color="green">第{r.activeVersion}版</Tag> : <Tag>默认</Tag>,
          },
        ]}
      />
      <Card title={`${kind.label}模板`} style={{ flex: 1, minWidth: 420 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">
            下载模板，在 Word 或 WPS 中修改文字和格式（占位符用半角花括号，如 {'{发文字号}'}），保存为 .docx
            后上传。上传前可先预览；缺少必需占位符的模板会被拒绝。
          </Typography.Paragraph>
          <Space wrap>
            <Button href={`${base}/file`}>下载使用中的模板</Button>
            <Button onClick={() => setHelp(true)}>占位符说明</Button>
            {kind.activeVersion && (
              <Button onClick={() => activate(null)} disabled={busy}>
                恢复默认模板
              </Button>
            )}
          </Space>
          <Upload
            accept=".docx"
            maxCount={1}
            beforeUpload={pick}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <Button>选择模板文件（.docx）</Button>
          </Upload>
          <Input
            placeholder="修改说明（可选）"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
          />
          <Space>
            <Button onClick={doPreview} loading={busy}>
              {file ? '预览所选文件' : '预览使用中的模板'}
            </Button>
            <Button type="primary" onClick={doUpload} disabled={!file} loading={busy}>
              上传并启用
            </Button>
          </Space>
          {err && <Alert type="error" showIcon message={err} />}
          {preview && (
            <Card size="small" title="预览（示例数据）">
              {preview.findings.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  message="文字检查发现问题"
                  description={preview.findings.map((f) => `${f.message}：${f.excerpt}`).join('；')}
                />
              )}
              {preview.paragraphs.map((t, i) => (
                <div key={i} style={{ minHeight: '1.5em', whiteSpace: 'pre-wrap' }}>
                  {t}
                </div>
              ))}
            </Card>
          )}
          <Table<Version>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={kind.versions}
            locale={{ emptyText: '尚未上传过模板，正在使用系统默认模板' }}
            columns={[
              { title: '版本', render: (_: unknown, v) => `第${v.version}版` },
              { title: '上传时间', render: (_: unknown, v) => fmtTime(v.uploadedAt) },
              { title: '说明', dataIndex: 'note' },
              {
                title: '操作',
                render: (_: unknown, v) => (
                  <Space>
                    {v.active ? (
                      <Tag color="green">使用中</Tag>
                    ) : (
                      <Button size="small" onClick={() => activate(v.id)} disabled={busy}>
                        启用
                      </Button>
                    )}
                    <Button size="small" href={`${base}/file?version=${encodeURIComponent(v.id)}`}>
                      下载
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Space>
      </Card>
      <Modal open={help} onCancel={() => setHelp(false)} footer={null} title={`${kind.label}的占位符`} width={720}>
        <PlaceholderHelp list={kind.placeholders} />
      </Modal>
    </Space>
  );
}
