import { Button, Card, Empty, Space, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { csrfHeader } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { fmtDateTime, fmtNum } from '../../format.ts';

/**
 * 材料与文书: the item's attachments (drag and drop to add; type and size are checked by the server) and the
 * notices to the petitioner the facts allow (受理告知书, 延期告知书, 处理意见书, 不予受理告知书) as Word files.
 */
export function FilesCard({
  itemId,
  documents,
  canUpload,
}: {
  itemId: string;
  documents: { kind: string; name: string }[];
  canUpload: boolean;
}) {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['attachments', itemId],
    queryFn: async () =>
      (await call(client.GET('/api/v1/items/{id}/attachments', { params: { path: { id: itemId } } }))).attachments,
  });
  return (
    <Card size="small" title="材料与文书" style={{ marginBottom: 12 }} data-testid="files">
      {documents.length > 0 && (
        <Space wrap style={{ marginBottom: 8 }}>
          {documents.map((d) => (
            <Button
              key={d.kind}
              size="small"
              href={`/api/v1/items/${encodeURIComponent(itemId)}/documents/${d.kind}`}
              data-testid={`doc-${d.kind}`}
            >
              下载{d.name}
            </Button>
          ))}
        </Space>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} />
      ) : list.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无材料" />
      ) : (
        <div>
          {list.data.map((a) => (
            <div key={a.id} style={{ padding: '4px 0' }}>
              <a href={`/api/v1/attachments/${a.id}`}>{a.name}</a>
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {fmtNum(Math.ceil(a.size / 1024))} KB　{fmtDateTime(a.at)}
              </Typography.Text>
            </div>
          ))}
        </div>
      )}
      {/* The upload is multipart with progress per file: antd's Upload sends it itself, with the CSRF header. */}
      {canUpload && (
        <Upload.Dragger
          name="file"
          multiple
          action={`/api/v1/items/${encodeURIComponent(itemId)}/attachments`}
          headers={csrfHeader()}
          withCredentials
          showUploadList={{ showRemoveIcon: false }}
          accept=".pdf,.jpg,.jpeg,.png,.docx,.txt"
          onChange={(info) => {
            if (info.file.status === 'done' || info.file.status === 'error')
              qc.invalidateQueries({ queryKey: ['attachments', itemId] });
            if (info.file.status === 'error') {
              const msg = (info.file.response as { error?: { message?: string } } | undefined)?.error?.message;
              info.file.response = msg ?? '上传失败';
            }
          }}
          style={{ marginTop: 8 }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>拖入或点击上传材料（PDF、图片、Word、文本，单个不超过 20 MB）</p>
        </Upload.Dragger>
      )}
    </Card>
  );
}
