import { type ReactNode, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Divider,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { REPORT_DOMAINS } from '../../../../contract/report-buckets.ts';
import { errorText } from '../../api/client.ts';
import { matchTaxonomy, taxonomyTree, type TaxTreeNode } from '../../api/reference.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { fmtNum } from '../../format.ts';
import { adminTaxonomyQuery, TaxonomyNameMaps } from './TaxonomyNameMaps.tsx';

type Row = Dto<'TaxonomyAdminRow'>;

/** The dialog: a new class under `parent` (null: a first level), or the name and 诉求领域 of `row`. */
type Editing = { mode: 'add'; parent: Row | null } | { mode: 'edit'; row: Row };

function ClassDialog({ editing, onClose }: { editing: Editing; onClose: (changed: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; domain?: string }>();
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const row = editing.mode === 'edit' ? editing.row : null;
  const parent = editing.mode === 'add' ? editing.parent : null;
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setErr(null);
    setBusy(true);
    try {
      const domain = v.domain || null;
      if (row) {
        const r = await call(
          client.PUT('/api/v1/admin/taxonomy/{code}', {
            params: { path: { code: row.code } },
            body: { name: v.name, domain },
          }),
        );
        const moved = r.itemsMoved ? `，${fmtNum(r.itemsMoved)} 件事项的分类随之更新` : '';
        message.success(`已保存「${r.path}」${moved}`);
      } else {
        const r = await call(
          client.POST('/api/v1/admin/taxonomy', { body: { parent: parent?.code ?? null, name: v.name, domain } }),
        );
        message.success(`已新增「${r.path}」`);
      }
      onClose(true);
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const title = row ? `修改分类：${row.path}` : parent ? `在「${parent.path}」下新增子类` : '新增一级分类';
  return (
    <Modal
      open
      title={title}
      okText="保存"
      onOk={save}
      confirmLoading={busy}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="taxonomy-form"
        initialValues={{ name: row?.name ?? '', domain: row?.domain ?? undefined }}
      >
        <Form.Item
          name="name"
          label="分类名称"
          rules={[{ required: true, whitespace: true, message: '请填写分类名称' }]}
        >
          <Input maxLength={100} autoFocus onPressEnter={save} data-testid="taxonomy-name" />
        </Form.Item>
        <Form.Item name="domain" label="诉求领域" extra="不选则与上级分类相同（一级分类不选为“其他”）">
          <Select allowClear placeholder="与上级相同" options={REPORT_DOMAINS.map((d) => ({ value: d, label: d }))} />
        </Form.Item>
      </Form>
      {err && <Alert type="error" showIcon message={err} data-testid="taxonomy-error" />}
    </Modal>
  );
}

/**
 * 内容分类: the class tree with its retired classes; add a child, rename, retire / restore, delete an unused one.
 * Below it, the mappings of upstream class names an import files under a local class.
 */
export function TaxonomyTab() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const tax = useQuery(adminTaxonomyQuery);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const nodes = tax.data?.nodes;
  const byCode = useMemo(() => new Map((nodes ?? []).map((n) => [n.code, n])), [nodes]);
  const tree = useMemo(() => taxonomyTree(nodes ?? [], { withRetired: true }), [nodes]);
  const filtered = useMemo(() => {
    if (!q.trim()) return tree;
    const walk = (ns: TaxTreeNode[]): TaxTreeNode[] =>
      ns.flatMap((n) => {
        const kids = n.children ? walk(n.children) : [];
        return matchTaxonomy(q, n) || kids.length ? [{ ...n, children: kids.length ? kids : n.children }] : [];
      });
    return walk(tree);
  }, [tree, q]);
  if (tax.isPending) return <Loading />;
  if (tax.isError) return <ErrorState error={tax.error} onRetry={() => tax.refetch()} />;

  const changed = () => {
    qc.invalidateQueries({ queryKey: ['admin-taxonomy'] });
    // The pickers of registration, correction and the lists read the public tree.
    qc.invalidateQueries({ queryKey: ['taxonomy'] });
  };
  const act = async (code: string, run: () => Promise<string>) => {
    setBusy(code);
    try {
      message.success(await run());
      changed();
    } catch (e) {
      // The server says why in Chinese (in use, has children, …); nothing was changed.
      message.error(errorText(e), 6);
    } finally {
      setBusy(null);
    }
  };
  const setRetired = (r: Row, retired: boolean) =>
    act(r.code, async () => {
      const res = await call(
        client.PUT('/api/v1/admin/taxonomy/{code}', { params: { path: { code: r.code } }, body: { retired } }),
      );
      return retired ? `已停用「${res.path}」，新登记的事项不能再选用` : `已恢复「${res.path}」`;
    });
  const remove = (r: Row) =>
    act(r.code, async () => {
      await call(client.DELETE('/api/v1/admin/taxonomy/{code}', { params: { path: { code: r.code } } }));
      return `已删除「${r.path}」`;
    });
  // A class under a retired one is not offered either: shown greyed like its parent.
  const retiredAbove = (r: Row): boolean => {
    const p = r.parent ? byCode.get(r.parent) : undefined;
    return p ? p.retired || retiredAbove(p) : false;
  };

  const title = (r: Row) => {
    const off = r.retired || retiredAbove(r);
    return (
      <Space size={8} data-testid={`taxonomy-node-${r.code}`} style={off ? { color: 'rgba(0,0,0,0.35)' } : undefined}>
        <span>{r.name}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.code} · {r.reportDomain}
        </Typography.Text>
        {r.retired && <Tag>已停用</Tag>}
        {!r.retired && off && <Tag>上级已停用</Tag>}
        <Space size={0} onClick={(e) => e.stopPropagation()}>
          {r.level < 3 && (
            <Button size="small" type="link" onClick={() => setEditing({ mode: 'add', parent: r })}>
              新增子类
            </Button>
          )}
          <Button
            size="small"
            type="link"
            onClick={() => setEditing({ mode: 'edit', row: r })}
            data-testid={`taxonomy-edit-${r.code}`}
          >
            修改
          </Button>
          <Button
            size="small"
            type="link"
            loading={busy === r.code}
            onClick={() => setRetired(r, !r.retired)}
            data-testid={`taxonomy-${r.retired ? 'restore' : 'retire'}-${r.code}`}
          >
            {r.retired ? '恢复' : '停用'}
          </Button>
          <Popconfirm
            title={`删除「${r.path}」？`}
            description="只能删除没有事项使用、也没有子分类的分类；已被使用的请停用。"
            okText="删除"
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(r)}
          >
            <Button size="small" type="link" danger data-testid={`taxonomy-delete-${r.code}`}>
              删除
            </Button>
          </Popconfirm>
        </Space>
      </Space>
    );
  };
  type Node = { key: string; title: ReactNode; children?: Node[] };
  const conv = (n: TaxTreeNode): Node => ({
    key: n.value,
    title: byCode.has(n.value) ? title(byCode.get(n.value)!) : n.title,
    children: n.children?.map(conv),
  });
  const retiredCount = (nodes ?? []).filter((n) => n.retired).length;

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          placeholder="输入中文或拼音首字母"
          allowClear
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 260 }}
        />
        <Button type="primary" onClick={() => setEditing({ mode: 'add', parent: null })}>
          新增一级分类
        </Button>
        <Typography.Text type="secondary">
          共 {fmtNum(tax.data.nodes.length)} 个分类{retiredCount ? `，其中已停用 ${fmtNum(retiredCount)} 个` : ''}
        </Typography.Text>
      </Space>
      {tax.data.nodes.length === 0 ? (
        <EmptyState text="还没有内容分类，请先新增一级分类" />
      ) : filtered.length === 0 ? (
        <EmptyState text="没有匹配的分类" />
      ) : (
        <Tree
          key={q}
          blockNode
          selectable={false}
          treeData={filtered.map(conv)}
          defaultExpandAll={Boolean(q.trim())}
          height={480}
        />
      )}
      <Divider />
      <TaxonomyNameMaps />
      {editing && (
        <ClassDialog
          editing={editing}
          onClose={(done) => {
            setEditing(null);
            if (done) changed();
          }}
        />
      )}
    </>
  );
}
