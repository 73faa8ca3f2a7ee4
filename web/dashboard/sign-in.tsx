// Signing in, and accepting a one-time link (the owner's first sign-in, or an invitation).
import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { ApiError, fieldError } from '../shared/api.ts';
import { api, type Session } from './session.tsx';

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
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

export function SignIn({ onSignedIn }: { onSignedIn(s: Session): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api.post<Session>('/v1/recur/dashboard/sign_in', { email, password }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const general = error instanceof ApiError && !error.error.param ? error.message : error && !(error instanceof ApiError) ? String(error) : undefined;
  return (
    <Frame title="Sign in to Recur">
      <form onSubmit={submit} noValidate>
        <Stack>
          {general ? (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          ) : null}
          <TextInput label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, 'email')} required />
          <PasswordInput label="Password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(error, 'password')} required />
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}

export function AcceptLink({ token, onSignedIn }: { token: string; onSignedIn(s: Session): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api.post<Session>('/v1/recur/dashboard/accept_link', { token, email: email || undefined, password }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame title="Set up your account">
      <Text size="sm" c="dimmed">
        Choose the password you will sign in with. Invited staff keep the email they were invited with.
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          {fieldError(error, 'token') ? (
            <Alert color="red" role="alert">
              {fieldError(error, 'token')}
            </Alert>
          ) : null}
          <TextInput label="Email (first sign-in only)" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, 'email')} />
          <PasswordInput label="New password" description="At least 10 characters" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(error, 'password')} required />
          <Button type="submit" loading={busy}>
            Continue
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}
