import darkConfig from './host-configs/teams-dark.json';
import lightConfig from './host-configs/teams-light.json';

/**
 * The three Teams themes a card must read well in. Light and dark are Microsoft's Teams host configs from the
 * Adaptive Cards repository (samples/HostConfig/microsoft-teams-{light,dark}.json at 437e57a, MIT licence),
 * copied unchanged. Teams publishes none for its high-contrast theme; that one is built below from the dark one
 * with Teams' high-contrast palette (black surfaces, white text, a bright colour per meaning, as Fluent UI's
 * teamsHighContrastTheme tokens have them) and is an approximation: UNCONFIRMED against the real client.
 */
export type ThemeName = 'light' | 'dark' | 'high-contrast';

export interface HostConfig {
  containerStyles: Record<string, ContainerStyle>;
  [key: string]: unknown;
}

export interface ContainerStyle {
  backgroundColor: string;
  foregroundColors: Record<string, { default: string; subtle: string }>;
  [key: string]: unknown;
}

export interface Theme {
  name: ThemeName;
  hostConfig: HostConfig;
  /** The chat around the card in the pictures: page, message bubble and its header line. */
  page: { background: string; bubble: string; meta: string; metaName: string };
}

const HIGH_CONTRAST_FOREGROUND = {
  default: { default: '#ffffff', subtle: '#ffffff' },
  dark: { default: '#ffffff', subtle: '#ffffff' },
  light: { default: '#ffffff', subtle: '#ffffff' },
  accent: { default: '#1aebff', subtle: '#1aebff' },
  good: { default: '#3ff23f', subtle: '#3ff23f' },
  warning: { default: '#ffff01', subtle: '#ffff01' },
  attention: { default: '#ff9999', subtle: '#ff9999' },
};

function highContrast(base: HostConfig): HostConfig {
  const styles: Record<string, ContainerStyle> = {};
  for (const [name, style] of Object.entries(base.containerStyles)) {
    // Every surface is black; a style shows as its border, never as a tint that text would have to contrast with.
    styles[name] = {
      ...style,
      backgroundColor: '#000000',
      borderColor: '#ffffff',
      foregroundColors: HIGH_CONTRAST_FOREGROUND,
    };
  }
  return { ...base, containerStyles: styles };
}

export const THEMES: readonly Theme[] = [
  {
    name: 'light',
    hostConfig: lightConfig as HostConfig,
    page: { background: '#f5f5f5', bubble: '#ffffff', meta: '#616161', metaName: '#242424' },
  },
  {
    name: 'dark',
    hostConfig: darkConfig as HostConfig,
    page: { background: '#1f1f1f', bubble: '#2d2c2c', meta: '#adadad', metaName: '#ffffff' },
  },
  {
    name: 'high-contrast',
    hostConfig: highContrast(darkConfig as HostConfig),
    page: { background: '#000000', bubble: '#000000', meta: '#ffffff', metaName: '#ffffff' },
  },
];
