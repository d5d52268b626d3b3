import { isIP } from 'node:net';
import type { Mode } from '../../config';

/**
 * Where the bot will send its answers (botbuilder posts replies to the activity's serviceUrl). Outside the sandbox
 * only HTTPS: Teams' connector is always HTTPS, and a token Teams signs is bound to that URL. In the sandbox, where
 * activities arrive unauthenticated, only this machine: otherwise anyone who reaches the port could make the bot
 * call any host (and wait on it). Returns what is wrong, or undefined when the URL is acceptable.
 */
export function serviceUrlProblem(serviceUrl: string, mode: Mode): string | undefined {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return 'serviceUrl is not a URL.';
  }
  if (mode === 'sandbox') {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'serviceUrl must be http or https.';
    if (!isLoopback(url.hostname)) return 'In the sandbox the serviceUrl must be on this machine (loopback).';
    return undefined;
  }
  return url.protocol === 'https:' ? undefined : 'serviceUrl must be https.';
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
