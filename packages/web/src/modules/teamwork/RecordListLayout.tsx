import { useState, type ReactNode } from 'react';
import { Button, Form, Typography, type FormInstance } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { useCan } from '../../core/session';

interface RecordListLayoutProps<V> {
  title: string;
  subtitle: string;
  /** The button (for those who may write team work) and the drawer's title. */
  newLabel: string;
  newTestId: string;
  submitTestId: string;
  form: FormInstance<V>;
  /** What the form starts with each time the drawer opens. */
  initialValues: Partial<V>;
  saving: boolean;
  error: unknown;
  /** Saves the validated values; the drawer closes when it resolves, stays open (showing `error`) when it throws. */
  onSave: (values: V) => Promise<unknown>;
  /** The drawer's form items. */
  fields: ReactNode;
  /** The list itself. */
  children: ReactNode;
}

/**
 * The layout escalations and handovers share (issue 21 item 7): a header with a "new" button, the
 * list, and a drawer with the form that raises or hands over a record.
 */
export function RecordListLayout<V extends object>(props: RecordListLayoutProps<V>) {
  const can = useCan();
  const [open, setOpen] = useState(false);
  const save = async () => {
    const values = await props.form.validateFields();
    await props.onSave(values);
    setOpen(false);
  };
  return (
    <>
      <PageHeader
        title={props.title}
        subtitle={<Typography.Text type="secondary">{props.subtitle}</Typography.Text>}
        extra={
          can('teamwork.write') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                props.form.resetFields();
                props.form.setFieldsValue(props.initialValues as Parameters<FormInstance<V>['setFieldsValue']>[0]);
                setOpen(true);
              }}
              data-testid={props.newTestId}
            >
              {props.newLabel}
            </Button>
          ) : null
        }
      />
      {props.children}
      {open ? (
        <FormDrawer
          title={props.newLabel}
          width={460}
          saving={props.saving}
          onSave={() => void save().catch(() => undefined)}
          onClose={() => setOpen(false)}
          submitTestId={props.submitTestId}
        >
          <ErrorAlert error={props.error} />
          <Form form={props.form} layout="vertical">
            {props.fields}
          </Form>
        </FormDrawer>
      ) : null}
    </>
  );
}
