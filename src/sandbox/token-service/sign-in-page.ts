import type { SandboxPerson } from '../entra/directory';

/**
 * The sign-in link's pages, in place of Entra's sign-in and consent screens: the sandbox has no passwords, so
 * signing in is one button, and the page ends by showing the magic code, as the real service's page does when the
 * channel cannot pick the sign-in up by itself.
 */
export function askPage(person: SandboxPerson, connectionName: string): string {
  return page(
    'Sign in',
    `<p>The bot asks to act in Azure as you (connection <code>${escape(connectionName)}</code>, Azure Resource
    Manager, <code>user_impersonation</code>).</p>
    <form method="post"><button type="submit">Sign in as ${escape(person.name)}
    (${escape(person.userPrincipalName)})</button></form>`,
  );
}

export function codePage(person: SandboxPerson, magicCode: string): string {
  return page(
    'Signed in',
    `<p>Signed in as ${escape(person.name)}. To finish, give the bot this code:</p>
    <p style="font-size:2em;letter-spacing:.2em"><strong>${escape(magicCode)}</strong></p>`,
  );
}

export function messagePage(title: string, text: string): string {
  return page(title, `<p>${escape(text)}</p>`);
}

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)} – sandbox token service</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>${escape(title)}</h1>
${content}
<p><small>Sandbox stand-in for the Bot Framework token service; nothing here reaches Microsoft Entra.</small></p>
</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
