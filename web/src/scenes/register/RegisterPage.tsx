import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Result,
  Row,
  Select,
  Space,
  TreeSelect,
  Typography,
  Upload,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { CHANNELS, FLAGS, HANDLING_CLASSES, LEVELS, PURPOSES } from '../../../../contract/enums.ts';
import { csrfHeader, errorText } from '../../api/client.ts';
import { matchTaxonomy, taxonomyTree, useServerToday, useTaxonomy, useUnits } from '../../api/reference.ts';
import { type Body, call, client, type Ok } from '../../api/typed.ts';
import type { RepeatCandidate } from '../../api/types.ts';
import { fmtDate } from '../../format.ts';
import { formFields, handleFormKeys, keepEnterFromSubmitting } from './keyboard.ts';
import {
  SUGGEST_MIN_CHARS,
  SuggestPanel,
  useDebounced,
  type RepeatChoice,
  type SuggestInput,
} from './SuggestPanel.tsx';

/**
 * The unsent registration (it holds ID numbers and phones) lives in this page's memory only: it survives
 * moving between screens, never the tab, a reload or a sign-out, and nothing is written to the shared office
 * computer's disk. Drafts that older versions left in localStorage are wiped.
 */
let memoryDraft: string | null = null;
try {
  localStorage.removeItem('xf.register.draft');
} catch {
  /* storage disabled: nothing to wipe */
}
const draftStore = {
  get: () => memoryDraft,
  set: (v: string) => {
    memoryDraft = v;
  },
  clear: () => {
    memoryDraft = null;
  },
};

interface PetitionerForm {
  name?: string;
  idNumber?: string;
  idUnverified?: boolean;
  phone?: string;
  address?: string;
}
type ItemBody = Body<'/api/v1/items', 'post'>;

interface FormValues {
  channel: ItemBody['channel'];
  level: NonNullable<ItemBody['level']>;
  receivedOn: Dayjs | null;
  petitioners: PetitionerForm[];
  organisation?: string;
  headCount: number;
  representatives: string[];
  title: string;
  content: string;
  demands: string[];
  classCode?: string;
  purpose: NonNullable<ItemBody['purpose']>;
  handlingClass: NonNullable<ItemBody['handlingClass']>;
  flags: NonNullable<ItemBody['flags']>;
  place?: string;
  /** 检举控告类 only; `unit` is a unit id or OUTSIDE_DISTRICT. */
  accused?: { name?: string; unit?: string; note?: string };
}

/** The form's value for "不是本区单位" (sent as `outsideDistrict: true`). */
const OUTSIDE_DISTRICT = '__outside_district__';

const opts = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }));
const blank = (s: string | undefined | null) => (s && s.trim() ? s.trim() : null);

function loadDraft(): Partial<FormValues> | null {
  try {
    const raw = draftStore.get();
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<FormValues> & { receivedOn?: string | null };
    return { ...d, receivedOn: d.receivedOn ? dayjs(d.receivedOn as unknown as string) : null };
  } catch {
    return null;
  }
}

/**
 * Puts the cursor in the field with this id once the row just added is on screen: a desk worker who adds a
 * petitioner or a demand from the keyboard types on in the new row instead of hunting for it.
 */
function focusSoon(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random()}`;
}

/** 信访登记: one form, draft kept in memory while the tab is open, earlier items of the same person shown while typing. */
export default function RegisterPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const tax = useTaxonomy();
  const today = useServerToday();
  const tree = useMemo(() => taxonomyTree(tax.data ?? []), [tax.data]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState<Ok<'/api/v1/items', 'post'> | null>(null);
  const [repeats, setRepeats] = useState<RepeatCandidate[]>([]);
  const [restored, setRestored] = useState(false);
  // Bumped to put the cursor in the first field (on arrival and after each fresh form).
  const [focusFirst, setFocusFirst] = useState(0);
  const [repeatChoice, setRepeatChoice] = useState<RepeatChoice | null>(null);
  const keyRef = useRef(newKey());
  const formBox = useRef<HTMLDivElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Alt+N anywhere on the page: a new registration.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyN') {
        e.preventDefault();
        startNewRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const initial: Partial<FormValues> = {
    channel: '来访',
    level: '区',
    headCount: 1,
    petitioners: [{ idUnverified: false }],
    demands: [''],
    representatives: [],
    flags: [],
    purpose: '求决',
    handlingClass: '申诉求决类',
    receivedOn: null,
  };

  useEffect(() => {
    const d = loadDraft();
    if (d) {
      form.setFieldsValue(d);
      setRestored(true);
    }
  }, [form]);
  useEffect(() => {
    if (today.data && !form.getFieldValue('receivedOn')) form.setFieldValue('receivedOn', dayjs(today.data));
  }, [today.data, form]);

  // 智能建议: asked for once the registrar pauses typing (600 ms) and there are at least 10 characters of text.
  const wTitle = Form.useWatch('title', form) as string | undefined;
  const wContent = Form.useWatch('content', form) as string | undefined;
  const wPlace = Form.useWatch('place', form) as string | undefined;
  const wClass = Form.useWatch('classCode', form) as string | undefined;
  const wPeople = Form.useWatch('petitioners', form) as PetitionerForm[] | undefined;
  const wHandling = Form.useWatch('handlingClass', form) as string | undefined;
  const units = useUnits();
  const unitOptions = useMemo(
    () => [
      { value: OUTSIDE_DISTRICT, label: '不是本区单位' },
      ...(units.data ?? []).map((u) => ({ value: u.id, label: u.insideDistrict ? u.name : `${u.name}（区外）` })),
    ],
    [units.data],
  );
  const wFlags = Form.useWatch('flags', form) as string[] | undefined;
  const suggestKey = useMemo(() => {
    const title = (wTitle ?? '').trim().slice(0, 200);
    const content = (wContent ?? '').trim().slice(0, 20000);
    if (`${title}${content}`.replace(/\s/g, '').length < SUGGEST_MIN_CHARS) return '';
    const keep = (x: string | undefined, max: number) => (x && x.trim() ? x.trim().slice(0, max) : undefined);
    const input: SuggestInput = {
      title,
      content,
      place: keep(wPlace, 200),
      classCode: wClass || undefined,
      legal: wFlags?.includes('涉法涉诉') || undefined,
      petitioners: (wPeople ?? [])
        .map((p) => ({
          name: keep(p?.name, 50),
          idNumber: keep(p?.idNumber, 30),
          phone: keep(p?.phone, 30),
          address: keep(p?.address, 200),
        }))
        .filter((p) => p.name || p.idNumber || p.phone)
        .slice(0, 50),
    };
    return JSON.stringify(input);
  }, [wTitle, wContent, wPlace, wClass, wPeople, wFlags]);
  const debouncedKey = useDebounced(suggestKey, 600);
  const suggestInput = useMemo(
    () => (debouncedKey ? (JSON.parse(debouncedKey) as SuggestInput) : null),
    [debouncedKey],
  );
  const adoptClass = useCallback(
    (code: string) => {
      form.setFieldValue('classCode', code);
      saveDraftRef.current();
    },
    [form],
  );

  const saveDraft = () => {
    const v = form.getFieldsValue(true) as FormValues;
    draftStore.set(JSON.stringify({ ...v, receivedOn: v.receivedOn ? v.receivedOn.format('YYYY-MM-DD') : null }));
  };
  const saveDraftRef = useRef(saveDraft);
  saveDraftRef.current = saveDraft;

  const checkRepeat = (p: PetitionerForm | undefined) => {
    if (timer.current) clearTimeout(timer.current);
    if (!p) return;
    const id = (p.idNumber ?? '').trim();
    const phone = (p.phone ?? '').trim();
    if (id.length < 15 && phone.length < 7) return;
    timer.current = setTimeout(async () => {
      try {
        const query = { idNumber: id.length >= 15 ? id : undefined, phone: phone.length >= 7 ? phone : undefined };
        const r = await call(client.GET('/api/v1/items/repeat-check', { params: { query } }));
        setRepeats(r.candidates);
      } catch {
        /* advisory only */
      }
    }, 350);
  };

  const onValuesChange = (changed: Partial<FormValues>) => {
    saveDraft();
    const ps = changed.petitioners;
    if (ps) {
      const all = form.getFieldValue('petitioners') as PetitionerForm[];
      ps.forEach((p, i) => {
        if (p && ('idNumber' in p || 'phone' in p)) checkRepeat(all[i]);
      });
    }
  };

  const submit = async (v: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      const body: ItemBody = {
        channel: v.channel,
        level: v.level,
        // Required by the form, so always set when it submits.
        receivedOn: v.receivedOn?.format('YYYY-MM-DD') ?? '',
        petitioners: (v.petitioners ?? [])
          .filter((p) => p?.name?.trim())
          .map((p) => ({
            name: p.name!.trim(),
            idNumber: blank(p.idNumber),
            idUnverified: Boolean(p.idUnverified),
            phone: blank(p.phone),
            address: blank(p.address),
          })),
        organisation: blank(v.organisation),
        headCount: v.headCount,
        representatives: (v.representatives ?? []).map((s) => s.trim()).filter(Boolean),
        title: v.title,
        content: v.content,
        demands: (v.demands ?? []).map((d) => (d ?? '').trim()).filter(Boolean),
        classCode: v.classCode ?? null,
        purpose: v.purpose,
        handlingClass: v.handlingClass,
        flags: v.flags ?? [],
        place: blank(v.place),
        ...(v.handlingClass === '检举控告类'
          ? {
              accused: {
                name: (v.accused?.name ?? '').trim(),
                unitId: v.accused?.unit && v.accused.unit !== OUTSIDE_DISTRICT ? v.accused.unit : null,
                outsideDistrict: v.accused?.unit === OUTSIDE_DISTRICT,
                note: (v.accused?.note ?? '').trim(),
              },
            }
          : {}),
        // Only an explicit 确认重件 / 按初件登记 is sent; otherwise the product decides from the matches it finds.
        ...(repeatChoice
          ? { repeat: { isRepeat: repeatChoice.isRepeat, earlierItemIds: repeatChoice.earlierItemIds } }
          : {}),
      };
      const r = await call(client.POST('/api/v1/items', { body, headers: { 'idempotency-key': keyRef.current } }));
      draftStore.clear();
      // Materials go up once the item exists; a refused file is reported but the registration stands. Each is
      // multipart (FormData), which the typed JSON client does not send: plain fetch with the CSRF header.
      const failed: string[] = [];
      for (const f of files) {
        const fd = new FormData();
        fd.append('file', f, f.name);
        const res = await fetch(`/api/v1/items/${encodeURIComponent(r.item.id)}/attachments`, {
          method: 'POST',
          body: fd,
          headers: csrfHeader(),
          credentials: 'same-origin',
        });
        if (!res.ok) {
          const msg =
            ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ??
            `HTTP ${res.status}`;
          failed.push(`${f.name}：${msg}`);
        }
      }
      setFiles([]);
      if (failed.length)
        message.warning(`事项已登记，但以下材料未能上传（可在事项详情中重新上传）：${failed.join('；')}`, 8);
      setDone(r);
      qc.invalidateQueries({ queryKey: ['items'] });
      message.success('登记成功');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  /** A fresh form (after a registration, or 清空), focus on its first field, ready for the next petitioner. */
  const startNew = () => {
    draftStore.clear();
    keyRef.current = newKey();
    form.resetFields();
    if (today.data) form.setFieldValue('receivedOn', dayjs(today.data));
    setRestored(false);
    setRepeats([]);
    setRepeatChoice(null);
    setError(null);
    setDone(null);
    setFocusFirst((n) => n + 1);
  };
  const startNewRef = useRef(startNew);
  startNewRef.current = startNew;
  // biome-ignore lint/correctness/useExhaustiveDependencies: focusFirst is the trigger, not a value read here
  useEffect(() => {
    if (!done && formBox.current) formFields(formBox.current)[0]?.focus();
  }, [focusFirst, done]);

  if (done) {
    return (
      <Card>
        <Result
          status="success"
          title="登记成功"
          subTitle={
            <div data-testid="register-done">
              <div style={{ fontSize: 16, margin: '8px 0' }}>
                事项编号：
                <Typography.Text strong copyable style={{ fontSize: 20 }} data-testid="item-number">
                  {done.item.number}
                </Typography.Text>
              </div>
              {done.queryCode && (
                <div style={{ fontSize: 16 }}>
                  查询码（请告知信访人）：
                  <Typography.Text
                    strong
                    copyable
                    style={{ fontSize: 24, letterSpacing: 2, color: '#1d4ed8' }}
                    data-testid="query-code"
                  >
                    {done.queryCode}
                  </Typography.Text>
                </div>
              )}
              {done.item.isRepeat && (
                <Alert style={{ marginTop: 12 }} type="warning" showIcon message="系统判定为重复信访件" />
              )}
            </div>
          }
          extra={[
            <Link key="v" to={`/items/${done.item.id}`}>
              <Button type="primary">查看事项</Button>
            </Link>,
            <Button key="n" onClick={startNew} title="快捷键 Alt+N" data-testid="register-next">
              继续登记（Alt+N）
            </Button>,
          ]}
        />
      </Card>
    );
  }

  return (
    <Row gutter={12} wrap={false} align="stretch">
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Card
          title="信访登记"
          extra={
            <Space>
              {restored && <Typography.Text type="secondary">已恢复上次未提交的草稿</Typography.Text>}
              <Button onClick={startNew} title="快捷键 Alt+N" data-testid="register-new">
                清空（Alt+N）
              </Button>
            </Space>
          }
        >
          <div ref={formBox} data-testid="register-form">
            <Form<FormValues>
              form={form}
              layout="vertical"
              initialValues={initial}
              onValuesChange={onValuesChange}
              onFinish={submit}
              onKeyDownCapture={(e) => handleFormKeys(e, { submit: () => form.submit(), last: submitRef.current })}
              onKeyDown={keepEnterFromSubmitting}
              size="middle"
              scrollToFirstError={{ block: 'center', focus: true }}
            >
              <Row gutter={12}>
                <Col span={6}>
                  <Form.Item name="channel" label="信访形式" rules={[{ required: true, message: '请选择信访形式' }]}>
                    <Select options={opts(CHANNELS)} id="f-channel" />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="level" label="信访层级">
                    <Select options={opts(LEVELS)} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="receivedOn" label="收到日期" rules={[{ required: true, message: '请选择收到日期' }]}>
                    <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" allowClear={false} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name="headCount" label="人数" rules={[{ required: true, message: '请填写人数' }]}>
                    <InputNumber min={1} max={100000} style={{ width: '100%' }} id="f-headcount" />
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Text strong>信访人</Typography.Text>
              <Form.List name="petitioners">
                {(fields, { add, remove }) => (
                  <div style={{ marginTop: 8 }}>
                    {fields.map((f, i) => (
                      <Row gutter={8} key={f.key} align="top" data-testid={`petitioner-${i}`}>
                        <Col span={4}>
                          <Form.Item name={[f.name, 'name']} rules={[{ max: 50, message: '不能超过 50 个字' }]}>
                            <Input placeholder="姓名" />
                          </Form.Item>
                        </Col>
                        <Col span={6}>
                          <Form.Item name={[f.name, 'idNumber']}>
                            <Input placeholder="身份证号码" maxLength={30} />
                          </Form.Item>
                        </Col>
                        <Col span={4}>
                          <Form.Item name={[f.name, 'idUnverified']} valuePropName="checked">
                            <Checkbox>号码未核验</Checkbox>
                          </Form.Item>
                        </Col>
                        <Col span={4}>
                          <Form.Item name={[f.name, 'phone']}>
                            <Input placeholder="联系电话" maxLength={30} />
                          </Form.Item>
                        </Col>
                        <Col span={5}>
                          <Form.Item name={[f.name, 'address']}>
                            <Input placeholder="住址" maxLength={200} />
                          </Form.Item>
                        </Col>
                        <Col span={1}>
                          {fields.length > 1 && (
                            <Button
                              type="text"
                              aria-label="删除信访人"
                              icon={<MinusCircleOutlined />}
                              onClick={() => remove(f.name)}
                            />
                          )}
                        </Col>
                      </Row>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => {
                        add({ idUnverified: false });
                        focusSoon(`petitioners_${fields.length}_name`);
                      }}
                      style={{ marginBottom: 12 }}
                      data-testid="add-petitioner"
                    >
                      添加信访人
                    </Button>
                  </div>
                )}
              </Form.List>
              {repeats.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="repeat-alert"
                  message={`此人此前有 ${repeats.length} 件信访事项`}
                  description={
                    <List
                      size="small"
                      dataSource={repeats.slice(0, 5)}
                      renderItem={(c) => (
                        <List.Item>
                          <Link to={`/items/${c.itemId}`} target="_blank">
                            {c.number}
                          </Link>
                          　{c.title}　{fmtDate(c.registeredOn)}　
                          <Typography.Text type="secondary">{c.reason}</Typography.Text>
                        </List.Item>
                      )}
                    />
                  }
                />
              )}
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name="representatives" label="代表（多人来访时，最多 5 名）">
                    <Select mode="tags" placeholder="输入姓名后回车" open={false} tokenSeparators={[',', '，', '、']} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="organisation" label="单位（组织）名称">
                    <Input placeholder="以单位名义反映时填写" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="title"
                label="标题"
                rules={[
                  { required: true, whitespace: true, message: '请填写标题' },
                  { max: 200, message: '不能超过 200 个字' },
                ]}
              >
                <Input id="f-title" />
              </Form.Item>
              <Form.Item
                name="content"
                label="主要内容"
                rules={[{ required: true, whitespace: true, message: '请填写主要内容' }]}
              >
                <Input.TextArea rows={3} id="f-content" />
              </Form.Item>
              <Typography.Text strong>诉求</Typography.Text>
              <Form.List name="demands">
                {(fields, { add, remove }) => (
                  <div style={{ marginTop: 8 }}>
                    {fields.map((f, i) => (
                      <div key={f.key} style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
                        <span style={{ width: 24, flex: 'none' }}>{i + 1}.</span>
                        <Form.Item
                          name={f.name}
                          rules={[{ required: true, whitespace: true, message: '请填写诉求' }]}
                          style={{ flex: 1, minWidth: 0 }}
                        >
                          <Input placeholder="一项诉求" data-testid={`demand-${i}`} />
                        </Form.Item>
                        <span style={{ width: 32, flex: 'none' }}>
                          {fields.length > 1 && (
                            <Button
                              type="text"
                              aria-label="删除诉求"
                              icon={<MinusCircleOutlined />}
                              onClick={() => remove(f.name)}
                            />
                          )}
                        </span>
                      </div>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => {
                        add('');
                        focusSoon(`demands_${fields.length}`);
                      }}
                      style={{ marginBottom: 12 }}
                      data-testid="add-demand"
                    >
                      添加诉求
                    </Button>
                  </div>
                )}
              </Form.List>
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item name="classCode" label="内容分类（可输入中文或拼音首字母）">
                    <TreeSelect
                      treeData={tree}
                      showSearch
                      allowClear
                      placeholder={tax.isPending ? '正在加载分类…' : '选择或搜索分类'}
                      treeNodeFilterProp="title"
                      filterTreeNode={(input, node) => matchTaxonomy(input, node as never)}
                      popupMatchSelectWidth={420}
                      listHeight={320}
                      id="f-class"
                    />
                  </Form.Item>
                </Col>
                <Col span={4}>
                  <Form.Item name="purpose" label="信访目的">
                    <Select options={opts(PURPOSES)} />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name="handlingClass" label="办理类别">
                    <Select options={opts(HANDLING_CLASSES)} />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item name="place" label="问题发生地">
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
              {wHandling === '检举控告类' && (
                <div
                  data-testid="accused-box"
                  style={{
                    border: '1px solid #f5d58a',
                    background: '#fffbeb',
                    borderRadius: 6,
                    padding: '10px 12px 0',
                    marginBottom: 12,
                  }}
                >
                  <Typography.Text strong>被检举控告人</Typography.Text>
                  <Typography.Paragraph type="secondary" style={{ margin: '2px 0 8px', fontSize: 13 }}>
                    所在单位决定谁看不到本件：被检举控告人所在单位看不到本件及其关联事项；确需交其办理的，交转时须选择隐去信访人身份。
                  </Typography.Paragraph>
                  <Row gutter={12}>
                    <Col span={7}>
                      <Form.Item
                        name={['accused', 'name']}
                        label="姓名或名称"
                        rules={[{ required: true, whitespace: true, message: '请填写被检举控告人' }]}
                      >
                        <Input maxLength={100} data-testid="accused-name" />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item
                        name={['accused', 'unit']}
                        label="所在单位"
                        rules={[{ required: true, message: '请选择所在单位（或「不是本区单位」）' }]}
                      >
                        <Select
                          showSearch
                          optionFilterProp="label"
                          options={unitOptions}
                          loading={units.isPending}
                          placeholder="选择单位，或「不是本区单位」"
                          data-testid="accused-unit"
                        />
                      </Form.Item>
                    </Col>
                    <Col span={9}>
                      <Form.Item name={['accused', 'note']} label="职务等说明（选填）">
                        <Input maxLength={2000} />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              )}
              <Form.Item name="flags" label="标记">
                <Checkbox.Group options={opts(FLAGS)} />
              </Form.Item>
              <Form.Item label="材料（信件扫描件、照片等，可拖入）">
                <div data-testid="register-files">
                  <Upload.Dragger
                    multiple
                    fileList={files.map((f, i) => ({ uid: String(i), name: f.name, status: 'done' as const }))}
                    accept=".pdf,.jpg,.jpeg,.png,.docx,.txt"
                    beforeUpload={(f) => {
                      setFiles((xs) => [...xs, f]);
                      return false;
                    }}
                    onRemove={(u) => {
                      setFiles((xs) => xs.filter((_, i) => String(i) !== u.uid));
                    }}
                  >
                    <p style={{ margin: 4 }}>
                      拖入或点击选择文件（PDF、图片、Word、文本，单个不超过 20 MB），登记时一并上传
                    </p>
                  </Upload.Dragger>
                </div>
              </Form.Item>
              {error && (
                <Alert
                  type="error"
                  showIcon
                  message={error}
                  style={{ marginBottom: 12 }}
                  data-testid="register-error"
                />
              )}
              <Space>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="register-submit" ref={submitRef}>
                  提交登记（Ctrl+Enter）
                </Button>
                <Typography.Text type="secondary" data-testid="register-keys">
                  回车：下一项　Tab / Shift+Tab：前后移动　Ctrl+Enter：提交　Alt+N：新登记
                </Typography.Text>
              </Space>
            </Form>
          </div>
        </Card>
      </Col>
      <Col flex="340px">
        <SuggestPanel
          input={suggestInput}
          classCode={wClass}
          onAdoptClass={adoptClass}
          choice={repeatChoice}
          onChoose={setRepeatChoice}
        />
      </Col>
    </Row>
  );
}
