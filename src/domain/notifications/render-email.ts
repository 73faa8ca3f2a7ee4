// Lays a message's content out as plain text and as HTML, signed with the account's name. Every
// value that reaches the HTML is escaped: names and descriptions come from API callers.
import type { EmailContent } from './email-message.ts';

export function renderText(content: EmailContent, accountName: string): string {
  const lines: string[] = [];
  for (const p of content.paragraphs) lines.push(p, '');
  if (content.details?.length) {
    const width = Math.max(...content.details.map(([label]) => label.length));
    for (const [label, value] of content.details) lines.push(`${(label + ':').padEnd(width + 2)}${value}`);
    lines.push('');
  }
  if (content.action) lines.push(`${content.action.label}: ${content.action.url}`, '');
  lines.push('—', accountName);
  return lines.join('\n') + '\n';
}

export function renderHtml(content: EmailContent, accountName: string): string {
  const name = escapeHtml(accountName);
  const paragraphs = content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const details = content.details?.length
    ? `<table cellpadding="4">${content.details
        .map(([label, value]) => `<tr><td>${escapeHtml(label)}</td><td><strong>${escapeHtml(value)}</strong></td></tr>`)
        .join('')}</table>`
    : '';
  const action = content.action
    ? `<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:10px 16px;background:#635bff;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`
    : '';
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1a1a1a;max-width:560px;margin:0 auto;padding:24px">
<h2>${name}</h2>
${paragraphs}
${details}
${action}
<p style="color:#6b7280">— ${name}</p>
</body></html>
`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
