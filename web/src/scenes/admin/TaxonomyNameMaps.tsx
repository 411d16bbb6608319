import { useMemo, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { matchTaxonomy, taxonomyTree } from '../../api/reference.ts';
import { call, client, type Ok } from '../../api/typed.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';

/** The tree and the name mappings as the administrator edits them (one query for the tab and this table). */
export const adminTaxonomyQuery = {
  queryKey: ['admin-taxonomy'],
  queryFn: () => call(client.GET('/api/v1/admin/taxonomy')),
};

type NameMap = Ok<'/api/v1/admin/taxonomy', 'get'>['nameMaps'][number];

/** The dialog: a new mapping, or another local class for the upstream name of `row`. */
function NameMapDialog({ row, onClose }: { row: NameMap | null; onClose: (changed: boolean) => void }) {
  const { message } = App.useApp();
  const tax = useQuery(adminTaxonomyQuery);
  // Imports land on classes still offered for new items, as registration offers them.
  const tree = useMemo(() => taxonomyTree(tax.data?.nodes ?? []), [tax.data]);
  const [form] = Form.useForm<{ upstream: string; code: string }>();
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setErr(null);
    setBusy(true);
    try {
      // Tidied as the server stores it, so the message names the row the table will show.
      const upstream = row?.upstream ?? v.upstream.trim().replace(/\s*\/\s*/g, '/');
      await call(client.PUT('/api/v1/admin/taxonomy-name-maps', { body: { upstream, code: v.code } }));
      message.success(`已保存「${upstream}」的对应`);
      onClose(true);
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={row ? `修改对应：${row.upstream}` : '新增上游分类对应'}
      okText="保存"
      onOk={save}
      confirmLoading={busy}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="name-map-form"
        initialValues={{ upstream: row?.upstream ?? '', code: row?.code }}
      >
        <Form.Item
          name="upstream"
          label="上游分类名称"
          extra="上游系统导出文件中“内容分类”一栏的文字，各级之间用 / 分隔，例如“教育文体/学前教育”"
          rules={[
            { required: true, whitespace: true, message: '请填写上游分类名称' },
            { max: 100, message: '上游分类名称不超过 100 个字' },
          ]}
        >
          <Input maxLength={100} disabled={Boolean(row)} autoFocus={!row} data-testid="name-map-upstream" />
        </Form.Item>
        <Form.Item name="code" label="对应的本地分类" rules={[{ required: true, message: '请选择本地分类' }]}>
          <TreeSelect
            treeData={tree}
            showSearch
            placeholder={tax.isPending ? '正在加载分类…' : '选择或搜索分类（中文或拼音首字母）'}
            treeNodeFilterProp="title"
            filterTreeNode={(input, node) => matchTaxonomy(input, node as never)}
            popupMatchSelectWidth={420}
            listHeight={320}
            data-testid="name-map-class"
          />
        </Form.Item>
      </Form>
      {err && <Alert type="error" showIcon message={err} data-testid="name-map-error" />}
    </Modal>
  );
}

/**
 * 上游分类对应: an upstream system's class name → the local class an import files it under (instead of the
 * nearest known ancestor, which the import report lists as a warning). A re-import applies a new mapping.
 */
export function TaxonomyNameMaps() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const tax = useQuery(adminTaxonomyQuery);
  const [editing, setEditing] = useState<{ row: NameMap | null } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const nodes = tax.data?.nodes;
  const retired = useMemo(() => new Set((nodes ?? []).filter((n) => n.retired).map((n) => n.code)), [nodes]);
  if (tax.isPending) return <Loading tip="正在加载上游分类对应…" />;
  if (tax.isError) return <ErrorState error={tax.error} onRetry={() => tax.refetch()} />;

  const changed = () => qc.invalidateQueries({ queryKey: adminTaxonomyQuery.queryKey });
  const remove = async (r: NameMap) => {
    setBusy(r.upstream);
    try {
      await call(client.PUT('/api/v1/admin/taxonomy-name-maps', { body: { upstream: r.upstream, code: null } }));
      message.success(`已删除「${r.upstream}」的对应`);
      changed();
    } catch (e) {
      message.error(errorText(e), 6);
    } finally {
      setBusy(null);
    }
  };
  const maps = tax.data.nameMaps;

  return (
    <div data-testid="name-maps">
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          上游分类对应
        </Typography.Title>
        <Button onClick={() => setEditing({ row: null })} data-testid="name-map-add">
          新增对应
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">
        {'导入其他系统的事项时，表中的上游分类名称按所选的本地分类导入；未列出且本地没有的分类按最接近的上级分类导入，' +
          '并在导入报告中提示。修改后重新导入即按新的对应调整已导入的事项。'}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="upstream"
        dataSource={maps}
        pagination={maps.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: <EmptyState text="还没有上游分类对应" /> }}
        columns={[
          { title: '上游分类名称', dataIndex: 'upstream' },
          {
            title: '本地分类',
            dataIndex: 'path',
            render: (path: string, r) => (
              <Space size={4}>
                <span>{path || r.code}</span>
                {retired.has(r.code) && <Tag>已停用</Tag>}
              </Space>
            ),
          },
          {
            title: '操作',
            width: 140,
            render: (_, r) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setEditing({ row: r })}>
                  修改
                </Button>
                <Popconfirm
                  title={`删除「${r.upstream}」的对应？`}
                  description="删除后再导入这个名称，将按最接近的上级分类导入。"
                  okText="删除"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(r)}
                >
                  <Button size="small" type="link" danger loading={busy === r.upstream}>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <NameMapDialog
          row={editing.row}
          onClose={(done) => {
            setEditing(null);
            if (done) changed();
          }}
        />
      )}
    </div>
  );
}
