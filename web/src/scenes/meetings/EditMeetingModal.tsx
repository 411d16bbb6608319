import { Alert, Form, Modal, message } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client, type Ok } from '../../api/typed.ts';
import { meetingBodyOf, MeetingFormFields, type MeetingForm } from './MeetingsPage.tsx';

type Detail = Pick<
  Ok<'/api/v1/meetings/{id}', 'get'>,
  | 'id'
  | 'version'
  | 'kind'
  | 'title'
  | 'date'
  | 'time'
  | 'place'
  | 'convenor'
  | 'memberUnitIds'
  | 'attendees'
  | 'agenda'
  | 'requirements'
>;

/** The form's values of a planned meeting as it stands (agenda items by their numbers, as they are typed). */
function formOf(d: Detail): MeetingForm {
  return {
    kind: d.kind,
    title: d.title,
    date: d.date,
    time: d.time,
    place: d.place,
    convenorUserId: d.convenor.userId ?? undefined,
    convenorName: d.convenor.name,
    memberUnitIds: d.memberUnitIds,
    attendees: d.attendees.map((a) => ({ name: a.name, unitId: a.unitId ?? undefined, post: a.post })),
    agenda: d.agenda.map((a) => ({
      title: a.title,
      numbers: a.items.map((i) => i.number).join('，'),
      caseIds: a.cases.map((c) => c.id),
      note: a.note,
    })),
    requirements: d.requirements.join('\n'),
  };
}

/** 修改会议: time, place, members, attendees and agenda of a meeting not yet held; the version guards the change. */
export function EditMeetingModal({ d, open, onClose }: { d: Detail; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<MeetingForm>();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: async (v: MeetingForm) =>
      call(
        client.PUT('/api/v1/meetings/{id}', {
          params: { path: { id: d.id } },
          body: { ...(await meetingBodyOf(v)), version: d.version },
        }),
      ),
    onSuccess: async () => {
      message.success('会议安排已修改');
      await qc.invalidateQueries({ queryKey: ['meeting', d.id] });
      await qc.invalidateQueries({ queryKey: ['meetings'] });
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title="修改会议安排"
      width={760}
      okText="保存修改"
      onCancel={onClose}
      confirmLoading={m.isPending}
      onOk={() => form.validateFields().then((v) => m.mutate(v))}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={formOf(d)} data-testid="meeting-edit-form">
        <MeetingFormFields />
        {m.isError && (
          <Alert
            type="error"
            showIcon
            message={m.error instanceof Error && !('code' in m.error) ? m.error.message : errorText(m.error)}
          />
        )}
      </Form>
    </Modal>
  );
}
