import { useEffect, useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Popover,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useLocation } from 'react-router';
import {
  CHANNELS,
  FLAGS,
  LEVELS,
  STATUSES,
  STATUS_LABELS,
  WARNING_LEVELS,
  WARNING_LEVEL_LABELS,
} from '../../../../contract/enums.ts';
import { LIMITS } from '../../../../contract/limits.ts';
import {
  LIST_COLUMNS,
  LIST_COLUMN_LABELS,
  type Density,
  type ListColumn,
  type ListKey,
  SAVED_FILTER_KEYS,
} from '../../../../contract/list-views.ts';
import { qs } from '../../api/client.ts';
import type { paths } from '../../api/schema.gen.ts';
import { call, client, type Dto, type Ok } from '../../api/typed.ts';
import { useUnits } from '../../api/reference.ts';
import type { ItemList, ListRow } from '../../api/types.ts';
import { ErrorState } from '../../components/states.tsx';
import { fmtDate, fmtNum, WARNING_TAG, warningLabel } from '../../format.ts';

/**
 * The list's filters: the query parameters of GET /api/v1/items (status as a list for the form). The report buckets
 * (channelGroup, domain, origin, inReport, unitName) are set by a drill-down from 统计分析 and shown as a tag.
 */
export type ListFilters = Omit<ItemQuery, 'status' | 'sort' | 'order' | 'page' | 'pageSize'> & { status?: string[] };
type ItemQuery = NonNullable<paths['/api/v1/items']['get']['parameters']['query']>;

/** Filter fields an address may carry: a saved filter's, and the handler (a drill-down from 工作量). */
const URL_KEYS = [...SAVED_FILTER_KEYS, 'handlerUserId'] as const;
const REPORT_KEYS = [
  'channelGroup',
  'domain',
  'origin',
  'inReport',
  'unitName',
  'ratingSource',
  'satisfied',
  'handlerUserId',
] as const;
const ORIGIN_LABEL: Record<string, string> = { first: '初信初访', repeat: '重复信访', outside: '责任单位不属本区' };

/** Filters given in the address (a drill-down link from 统计分析), or null when there are none. */
function filtersFromUrl(search: string): ListFilters | null {
  const u = new URLSearchParams(search);
  const f: Record<string, unknown> = {};
  for (const k of URL_KEYS) {
    const v = u.get(k);
    if (v) f[k] = v;
  }
  const status = u.get('status');
  if (status) f.status = status.split(',').filter(Boolean);
  return Object.keys(f).length ? (f as ListFilters) : null;
}

function reportTag(f: ListFilters, rows: readonly ListRow[] = []): string | null {
  // The handler's name comes from the rows themselves (every row of this filter carries him).
  const handlerName = rows.find((r) => r.handler?.userId === f.handlerUserId)?.handler?.name ?? '所选人员';
  const parts = [
    f.handlerUserId ? `经办人：${handlerName}` : null,
    f.inReport ? '计入受理总量' : null,
    f.channelGroup ? `渠道：${f.channelGroup}` : null,
    f.domain ? `领域：${f.domain}` : null,
    f.origin ? (ORIGIN_LABEL[f.origin] ?? f.origin) : null,
    f.unitName ? `责任单位：${f.unitName}` : null,
    f.ratingSource ? `评价来源：${f.ratingSource}（已评价）` : null,
    f.satisfied ? '满意及基本满意' : null,
  ].filter(Boolean);
  return parts.length ? `统计口径：${parts.join('，')}` : null;
}
type SortKey = 'registeredOn' | 'dueOn' | 'number' | 'receivedOn';
export interface ListPreset {
  key: string;
  label: string;
  filters: ListFilters;
  sort?: SortKey;
  order?: 'asc' | 'desc';
}

interface PageAt {
  page: number;
  cursor?: string;
  dir?: 'next' | 'prev';
}
const firstPage = (): PageAt => ({ page: 1 });
type Layout = Dto<'ListLayout'>;
type Views = Ok<'/api/v1/me/views/{list}', 'get'>;

/** "共 N 件", or "超过 10,000 件" when counting stopped at the bound. */
function totalText(d: ItemList): string {
  return d.totalCapped ? `超过 ${fmtNum(d.total)} 件` : `共 ${fmtNum(d.total)} 件`;
}

/** Where earlier versions kept saved filters in the browser; moved to the account once, then removed. */
const OLD_SAVED_KEY = 'xf.items.savedFilters';
const opts = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }));
const FALLBACK_LAYOUT: Layout = { columns: [...LIST_COLUMNS], density: 'compact', pageSize: 20 };

function oldSaved(): { name: string; filters: ListFilters }[] {
  try {
    const v = JSON.parse(localStorage.getItem(OLD_SAVED_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as { name: string; filters: ListFilters }[]) : [];
  } catch {
    return [];
  }
}

/** The user's views of a list (layout and saved filters), kept on the server per account. */
function useListViews(list: ListKey) {
  const qc = useQueryClient();
  const key = ['list-views', list];
  const views = useQuery({
    queryKey: key,
    queryFn: () => call(client.GET('/api/v1/me/views/{list}', { params: { path: { list } } })),
    staleTime: 5 * 60_000,
  });
  const onSuccess = (v: Views) => qc.setQueryData(key, v);
  const saveLayout = useMutation({
    mutationFn: (l: Layout) =>
      call(client.PUT('/api/v1/me/views/{list}/layout', { params: { path: { list } }, body: l })),
    onSuccess,
  });
  const resetLayout = useMutation({
    mutationFn: () => call(client.DELETE('/api/v1/me/views/{list}/layout', { params: { path: { list } } })),
    onSuccess,
  });
  const saveFilter = useMutation({
    mutationFn: (f: { name: string; filters: ListFilters; sort?: SortKey; order?: 'asc' | 'desc' }) =>
      call(client.PUT('/api/v1/me/views/{list}/filters', { params: { path: { list } }, body: f })),
    onSuccess,
  });
  const deleteFilter = useMutation({
    mutationFn: (name: string) =>
      call(client.DELETE('/api/v1/me/views/{list}/filters', { params: { path: { list }, query: { name } } })),
    onSuccess,
  });
  return { views, saveLayout, resetLayout, saveFilter, deleteFilter };
}

/** 列设置: which columns to show, row density, back to the role's default. */
function LayoutPicker({
  layout,
  choices,
  isDefault,
  onChange,
  onReset,
}: {
  layout: Layout;
  choices: readonly ListColumn[];
  isDefault: boolean;
  onChange: (l: Layout) => void;
  onReset: () => void;
}) {
  const content = (
    <div style={{ width: 220 }} data-testid="layout-picker">
      <Typography.Text type="secondary">显示的列（编号、标题总是显示）</Typography.Text>
      <Checkbox.Group
        style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', margin: '8px 0 12px' }}
        value={layout.columns}
        onChange={(v) => onChange({ ...layout, columns: v as ListColumn[] })}
        options={choices.map((c) => ({ value: c, label: LIST_COLUMN_LABELS[c] }))}
      />
      <Typography.Text type="secondary">行距</Typography.Text>
      <div style={{ margin: '8px 0 12px' }}>
        <Segmented<Density>
          value={layout.density}
          onChange={(d) => onChange({ ...layout, density: d })}
          options={[
            { value: 'compact', label: '紧凑' },
            { value: 'comfortable', label: '宽松' },
          ]}
          data-testid="density"
        />
      </div>
      <Button size="small" disabled={isDefault} onClick={onReset}>
        恢复默认
      </Button>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" content={content} title="列设置">
      <Button data-testid="layout-button">列设置</Button>
    </Popover>
  );
}

/**
 * 事项列表: filters, search, server-side sorting and paging; the columns, density, page size and named filters are
 * the user's own, kept with the account (the role's default until changed).
 */
export function ItemTable({
  presets,
  title,
  showUnitFilter = true,
  listKey = showUnitFilter ? 'items' : 'inbox',
}: {
  presets?: ListPreset[];
  title: string;
  showUnitFilter?: boolean;
  listKey?: ListKey;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [preset, setPreset] = useState(presets?.[0]?.key ?? '');
  const presetDef = presets?.find((p) => p.key === preset);
  const location = useLocation();
  const [filters, setFilters] = useState<ListFilters>(
    () => filtersFromUrl(location.search) ?? presetDef?.filters ?? {},
  );
  const [sort, setSort] = useState<{ sort: SortKey; order: 'asc' | 'desc' }>({
    sort: presetDef?.sort ?? 'registeredOn',
    order: presetDef?.order ?? 'desc',
  });
  // Keyset paging: the cursor of the page to show (none: the first page) and the page's ordinal, for display.
  const [page, setPage] = useState<PageAt>({ page: 1 });
  const [saveOpen, setSaveOpen] = useState(false);
  const [saveName, setSaveName] = useState('');
  const [savedChoice, setSavedChoice] = useState<string | undefined>();
  const units = useUnits();
  const { views, saveLayout, resetLayout, saveFilter, deleteFilter } = useListViews(listKey);
  // Until the account's views answer, the list waits (one request with the right page size, not two).
  const viewsSettled = views.isSuccess || views.isError;
  const layout: Layout =
    saveLayout.isPending && saveLayout.variables ? saveLayout.variables : (views.data?.layout ?? FALLBACK_LAYOUT);
  const saved = views.data?.saved ?? [];
  const changeLayout = (l: Layout) =>
    saveLayout.mutate(l, { onError: (e) => message.error(`列表布局未保存：${(e as Error).message}`) });

  // Saved filters an earlier version kept in this browser move to the account once; then the copy here is removed.
  const { mutateAsync: putFilter } = saveFilter;
  useEffect(() => {
    if (!views.isSuccess) return;
    const old = oldSaved();
    if (!old.length) return;
    void (async () => {
      for (const s of old)
        if (typeof s.name === 'string' && s.name.trim()) await putFilter({ name: s.name, filters: s.filters ?? {} });
      localStorage.removeItem(OLD_SAVED_KEY);
    })().catch(() => undefined);
  }, [views.isSuccess, putFilter]);

  const params = {
    ...filters,
    status: filters.status?.join(','),
    ...sort,
    pageSize: layout.pageSize,
    cursor: page.cursor,
    dir: page.dir,
  };
  const q = useQuery({
    queryKey: ['items', params],
    queryFn: () => call(client.GET('/api/v1/items', { params: { query: params } })),
    placeholderData: keepPreviousData,
    enabled: viewsSettled,
  });

  const applyForm = (v: Record<string, unknown>) => {
    const range = v.registered as [Dayjs, Dayjs] | null | undefined;
    const f: ListFilters = {
      q: (v.q as string | undefined)?.trim() || undefined,
      channel: v.channel as ListFilters['channel'],
      level: v.level as ListFilters['level'],
      status: (v.status as string[] | undefined)?.length ? (v.status as string[]) : presetDef?.filters.status,
      warning: v.warning as ListFilters['warning'],
      flag: v.flag as ListFilters['flag'],
      unitId: v.unitId as string | undefined,
      isRepeat: v.isRepeat as '0' | '1' | undefined,
      registeredFrom: range?.[0]?.format('YYYY-MM-DD'),
      registeredTo: range?.[1]?.format('YYYY-MM-DD'),
    };
    // A drill-down's report buckets stay until their tag is closed.
    for (const k of REPORT_KEYS) if (filters[k]) (f as Record<string, unknown>)[k] = filters[k];
    setFilters(f);
    setPage(firstPage);
  };
  const toForm = (f: ListFilters) => ({
    ...f,
    registered: f.registeredFrom && f.registeredTo ? [dayjs(f.registeredFrom), dayjs(f.registeredTo)] : undefined,
  });

  const choosePreset = (key: string) => {
    const p = presets?.find((x) => x.key === key);
    setPreset(key);
    const f = p?.filters ?? {};
    setFilters(f);
    form.resetFields();
    form.setFieldsValue(toForm(f));
    setSort({ sort: p?.sort ?? 'registeredOn', order: p?.order ?? 'desc' });
    setPage(firstPage);
  };

  const sortOrder = (k: SortKey) => (sort.sort === k ? (sort.order === 'asc' ? 'ascend' : 'descend') : null);
  const allColumns: NonNullable<TableProps<ListRow>['columns']> = useMemo(
    () => [
      {
        title: '编号',
        dataIndex: 'number',
        key: 'number',
        width: 172,
        sorter: true,
        sortOrder: sortOrder('number'),
        render: (v: string, r: ListRow) => <Link to={`/items/${r.id}`}>{v}</Link>,
      },
      {
        // The title takes what the fixed columns leave (at least about 16 characters at 1366 px).
        title: '标题',
        dataIndex: 'title',
        ellipsis: true,
        render: (v: string, r: ListRow) => <Link to={`/items/${r.id}`}>{v}</Link>,
      },
      // 人数 next to the title: it decides how urgent an item is, it must never scroll out of view.
      { title: '人数', dataIndex: 'headCount', width: 56, align: 'right', render: (n: number) => fmtNum(n) },
      { title: '形式', dataIndex: 'channel', width: 64 },
      { title: '状态', dataIndex: 'statusLabel', width: 84 },
      // The unit's own inbox lists its own items only: the column would repeat the unit on every row.
      ...(showUnitFilter
        ? [
            {
              title: '责任单位',
              dataIndex: 'leadUnit',
              width: 120,
              ellipsis: true,
              render: (u: ListRow['leadUnit']) => u?.name ?? '—',
            },
          ]
        : []),
      {
        title: '经办人',
        dataIndex: 'handler',
        width: 80,
        ellipsis: true,
        render: (h: ListRow['handler']) => h?.name ?? '—',
      },
      {
        title: '收到日期',
        dataIndex: 'receivedOn',
        key: 'receivedOn',
        width: 100,
        sorter: true,
        sortOrder: sortOrder('receivedOn'),
        render: fmtDate,
      },
      {
        title: '登记日期',
        dataIndex: 'registeredOn',
        key: 'registeredOn',
        width: 100,
        sorter: true,
        sortOrder: sortOrder('registeredOn'),
        render: fmtDate,
      },
      {
        title: '期限',
        dataIndex: 'dueOn',
        key: 'dueOn',
        width: 100,
        sorter: true,
        sortOrder: sortOrder('dueOn'),
        render: fmtDate,
      },
      {
        title: '预警',
        dataIndex: 'warning',
        width: 84,
        render: (w: ListRow['warning']) => (w ? <Tag color={WARNING_TAG[w]}>{warningLabel(w)}</Tag> : '—'),
      },
    ],
    [sort, showUnitFilter],
  ); // eslint-disable-line react-hooks/exhaustive-deps
  // 编号 and 标题 always; the rest as the user chose (the unit's own column never in its inbox).
  const columnChoices = LIST_COLUMNS.filter((c) => showUnitFilter || c !== 'leadUnit');
  const shown = new Set<string>(['number', 'title', ...layout.columns]);
  const columns = allColumns.filter((c) => shown.has(String((c as { dataIndex?: string }).dataIndex)));

  const onTable: TableProps<ListRow>['onChange'] = (_pg, _f, s) => {
    const one = Array.isArray(s) ? s[0] : s;
    if (one?.order && one.columnKey)
      setSort({ sort: one.columnKey as SortKey, order: one.order === 'ascend' ? 'asc' : 'desc' });
    else if (!one?.order) setSort({ sort: 'registeredOn', order: 'desc' });
    setPage(firstPage);
  };
  const data = q.data;
  // A previous page that reached the start comes back as the first page (no previous cursor).
  const pageNo = data && !data.prevCursor ? 1 : page.page;

  // The export is the list as shown: the same filters and sort, every page.
  const exportHref = `/api/v1/items/export${qs({ ...filters, status: filters.status?.join(','), ...sort })}`;

  const submitSave = () => {
    const name = saveName.trim();
    if (!name) {
      message.warning('请输入名称');
      return;
    }
    saveFilter.mutate(
      { name, filters, ...sort },
      {
        onSuccess: () => {
          setSaveOpen(false);
          setSavedChoice(name);
          message.success('已保存');
        },
        onError: (e) => message.error((e as Error).message),
      },
    );
  };

  return (
    <Card
      title={title}
      extra={
        <Space>
          {saved.length > 0 && (
            <Select
              placeholder="已保存的筛选"
              style={{ width: 160 }}
              allowClear
              value={savedChoice}
              data-testid="saved-filters"
              options={saved.map((s) => ({ value: s.name, label: s.name }))}
              onChange={(name: string | undefined) => {
                setSavedChoice(name);
                const s = saved.find((x) => x.name === name);
                if (s) {
                  const f = s.filters as ListFilters;
                  setFilters(f);
                  form.resetFields();
                  form.setFieldsValue(toForm(f));
                  if (s.sort) setSort({ sort: s.sort, order: s.order ?? 'desc' });
                  setPage(firstPage);
                }
              }}
            />
          )}
          {savedChoice && saved.some((s) => s.name === savedChoice) && (
            <Button
              onClick={() =>
                deleteFilter.mutate(savedChoice, {
                  onSuccess: () => {
                    setSavedChoice(undefined);
                    message.success('已删除');
                  },
                  onError: (e) => message.error((e as Error).message),
                })
              }
            >
              删除此筛选
            </Button>
          )}
          <Button
            onClick={() => {
              setSaveName('');
              setSaveOpen(true);
            }}
          >
            保存筛选
          </Button>
          <LayoutPicker
            layout={layout}
            choices={columnChoices}
            isDefault={views.data?.isDefault ?? true}
            onChange={changeLayout}
            onReset={() => resetLayout.mutate(undefined, { onError: (e) => message.error((e as Error).message) })}
          />
          <Tooltip title="按当前筛选条件和排序导出全部结果（Excel，不含信访人个人信息）">
            <Button href={exportHref} data-testid="export-list">
              导出 Excel
            </Button>
          </Tooltip>
        </Space>
      }
    >
      {presets && presets.length > 1 && (
        <Space style={{ marginBottom: 12 }} wrap>
          {presets.map((p) => (
            <Button
              key={p.key}
              type={p.key === preset ? 'primary' : 'default'}
              onClick={() => choosePreset(p.key)}
              data-testid={`preset-${p.key}`}
            >
              {p.label}
            </Button>
          ))}
        </Space>
      )}
      {reportTag(filters, q.data?.items) && (
        <Tag
          closable
          color="blue"
          style={{ marginBottom: 12 }}
          data-testid="report-filter"
          onClose={() => {
            const f = { ...filters };
            for (const k of REPORT_KEYS) delete f[k];
            setFilters(f);
            setPage(firstPage);
          }}
        >
          {reportTag(filters, q.data?.items)}
        </Tag>
      )}
      <Form
        form={form}
        layout="inline"
        onFinish={applyForm}
        initialValues={toForm(filters)}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="q">
          <Input.Search
            placeholder="编号、标题、内容、地点"
            allowClear
            style={{ width: 220 }}
            onSearch={() => form.submit()}
            data-testid="list-search"
          />
        </Form.Item>
        <Form.Item name="channel">
          <Select placeholder="信访形式" allowClear style={{ width: 110 }} options={opts(CHANNELS)} />
        </Form.Item>
        <Form.Item name="level">
          <Select placeholder="层级" allowClear style={{ width: 80 }} options={opts(LEVELS)} />
        </Form.Item>
        <Form.Item name="status">
          <Select
            mode="multiple"
            placeholder="状态"
            allowClear
            style={{ width: 180 }}
            maxTagCount={1}
            options={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          />
        </Form.Item>
        <Form.Item name="warning">
          <Select
            placeholder="预警"
            allowClear
            style={{ width: 100 }}
            options={WARNING_LEVELS.map((w) => ({ value: w, label: WARNING_LEVEL_LABELS[w] }))}
          />
        </Form.Item>
        <Form.Item name="flag">
          <Select placeholder="标记" allowClear style={{ width: 110 }} options={opts(FLAGS)} />
        </Form.Item>
        <Form.Item name="isRepeat">
          <Select
            placeholder="初件/重件"
            allowClear
            style={{ width: 100 }}
            options={[
              { value: '0', label: '初件' },
              { value: '1', label: '重件' },
            ]}
          />
        </Form.Item>
        {showUnitFilter && (
          <Form.Item name="unitId">
            <Select
              placeholder="责任单位"
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 150 }}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="registered">
          <DatePicker.RangePicker format="YYYY-MM-DD" placeholder={['登记起', '登记止']} style={{ width: 230 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                form.setFieldsValue(toForm(presetDef?.filters ?? {}));
                applyForm(form.getFieldsValue());
              }}
            >
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table<ListRow>
          rowKey="id"
          size={layout.density === 'compact' ? 'small' : 'middle'}
          className={`density-${layout.density}`}
          columns={columns}
          dataSource={q.data?.items ?? []}
          loading={q.isFetching}
          onChange={onTable}
          locale={{ emptyText: q.isPending ? '正在加载…' : '没有符合条件的事项' }}
          scroll={{ x: 380 + columns.length * 80 }}
          pagination={false}
        />
      )}
      {!q.isError && (
        <Space style={{ marginTop: 12, width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Text type="secondary" data-testid="list-total">
            {data ? totalText(data) : ''}
            {data?.searchWindow
              ? `（检索词不足 ${LIMITS.searchMinChars} 个字，只查找最近登记的 ${fmtNum(data.searchWindow)} 件；` +
                `输入 ${LIMITS.searchMinChars} 个字以上可检索全部事项）`
              : ''}
          </Typography.Text>
          <Space>
            <Button
              disabled={!data?.prevCursor || q.isFetching}
              onClick={() =>
                setPage((p) => ({
                  ...p,
                  page: Math.max(1, pageNo - 1),
                  cursor: data?.prevCursor ?? undefined,
                  dir: 'prev',
                }))
              }
              data-testid="page-prev"
            >
              上一页
            </Button>
            <Typography.Text data-testid="page-no">第 {pageNo} 页</Typography.Text>
            <Button
              disabled={!data?.nextCursor || q.isFetching}
              onClick={() =>
                setPage((p) => ({ ...p, page: pageNo + 1, cursor: data?.nextCursor ?? undefined, dir: 'next' }))
              }
              data-testid="page-next"
            >
              下一页
            </Button>
            <Select
              value={layout.pageSize}
              style={{ width: 110 }}
              data-testid="page-size"
              onChange={(n: number) => {
                setPage(firstPage());
                changeLayout({ ...layout, pageSize: n });
              }}
              options={[20, 50, 100].map((n) => ({ value: n, label: `${n} 条/页` }))}
            />
          </Space>
        </Space>
      )}
      <Modal
        title="保存当前筛选"
        open={saveOpen}
        okText="保存"
        cancelText="取消"
        onCancel={() => setSaveOpen(false)}
        confirmLoading={saveFilter.isPending}
        onOk={submitSave}
      >
        <Input
          value={saveName}
          onChange={(e) => setSaveName(e.target.value)}
          onPressEnter={submitSave}
          placeholder="例如：本月住建类"
          maxLength={30}
          data-testid="save-filter-name"
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          筛选条件和排序保存在您的账号中，换一台电脑登录也能使用；同名的会被替换。
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}

export default function ItemListPage() {
  return <ItemTable title="事项列表" />;
}
