import '@mantine/core/styles.css';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme } from '@mantine/core';
import { PortalApp } from './portal-app.tsx';

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'md', fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' });

createRoot(document.getElementById('root')!).render(
  <MantineProvider theme={theme}>
    <PortalApp />
  </MantineProvider>,
);
