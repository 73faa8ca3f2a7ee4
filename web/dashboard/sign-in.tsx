// Signing in, and accepting a one-time link (the owner's first sign-in, or an invitation).
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title, type PasswordInputProps, type TextInputProps } from '@mantine/core';
import { fieldError } from '../shared/api.ts';
import { useAction } from '../shared/use-action.ts';
import { FormError } from '../shared/ui.tsx';
import { api, type Session } from './session.tsx';

function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} maw="100%" radius="md">
        <Stack>
          <Title order={2}>{title}</Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** An email and a password, sent by `send`; an error shows beside the field it names, or above the form. */
function CredentialsForm(props: { send(email: string, password: string): Promise<Session>; onSignedIn(s: Session): void; email: TextInputProps; password: PasswordInputProps; submitLabel: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run(async () => props.onSignedIn(await props.send(email, password)));
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={error} fields={['email', 'password']} title={null} />
        <TextInput type="email" {...props.email} value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, 'email')} />
        <PasswordInput {...props.password} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(error, 'password')} required />
        <Button type="submit" loading={busy}>
          {props.submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

export function SignIn({ onSignedIn }: { onSignedIn(s: Session): void }) {
  return (
    <Frame title="Sign in to Recur">
      <CredentialsForm
        send={(email, password) => api.post<Session>('/v1/recur/dashboard/sign_in', { email, password })}
        onSignedIn={onSignedIn}
        email={{ label: 'Email', autoComplete: 'username', required: true }}
        password={{ label: 'Password', autoComplete: 'current-password' }}
        submitLabel="Sign in"
      />
    </Frame>
  );
}

export function AcceptLink({ token, onSignedIn }: { token: string; onSignedIn(s: Session): void }) {
  return (
    <Frame title="Set up your account">
      <Text size="sm" c="dimmed">
        Choose the password you will sign in with. Invited staff keep the email they were invited with.
      </Text>
      <CredentialsForm
        send={(email, password) => api.post<Session>('/v1/recur/dashboard/accept_link', { token, email: email || undefined, password })}
        onSignedIn={onSignedIn}
        email={{ label: 'Email (first sign-in only)' }}
        password={{ label: 'New password', description: 'At least 10 characters' }}
        submitLabel="Continue"
      />
    </Frame>
  );
}
