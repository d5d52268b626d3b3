import type { ServerState } from './world-state';

/**
 * The server parameters the simulator knows, with the metadata Azure reports for them. A server stores only the
 * values that differ from the default; `source` says which.
 */
export interface ParameterDefinition {
  name: string;
  defaultValue: string;
  description: string;
  dataType: 'Boolean' | 'Integer' | 'Enumeration' | 'String';
  allowedValues: string;
  isDynamicConfig: boolean;
  unit?: string;
  documentationLink: string;
}

export const PARAMETERS: readonly ParameterDefinition[] = [
  {
    name: 'require_secure_transport',
    defaultValue: 'on',
    description:
      'Whether client connections to the server are required to use some form of secure transport.',
    dataType: 'Boolean',
    allowedValues: 'on,off',
    isDynamicConfig: true,
    documentationLink: 'https://go.microsoft.com/fwlink/?linkid=2274150',
  },
  {
    name: 'ssl_min_protocol_version',
    defaultValue: 'TLSv1.2',
    description: 'Sets the minimum SSL/TLS protocol version to use.',
    dataType: 'Enumeration',
    allowedValues: 'TLSv1.2,TLSv1.3',
    isDynamicConfig: true,
    documentationLink:
      'https://www.postgresql.org/docs/16/runtime-config-connection.html#GUC-SSL-MIN-PROTOCOL-VERSION',
  },
  {
    name: 'max_connections',
    defaultValue: '859',
    description: 'Sets the maximum number of concurrent connections.',
    dataType: 'Integer',
    allowedValues: '25-5000',
    isDynamicConfig: false,
    documentationLink:
      'https://www.postgresql.org/docs/16/runtime-config-connection.html#GUC-MAX-CONNECTIONS',
  },
  {
    name: 'log_connections',
    defaultValue: 'on',
    description: 'Logs each successful connection.',
    dataType: 'Boolean',
    allowedValues: 'on,off',
    isDynamicConfig: true,
    documentationLink: 'https://www.postgresql.org/docs/16/runtime-config-logging.html#GUC-LOG-CONNECTIONS',
  },
  {
    name: 'array_nulls',
    defaultValue: 'on',
    description: 'Enable input of NULL elements in arrays.',
    dataType: 'Boolean',
    allowedValues: 'on,off',
    isDynamicConfig: true,
    documentationLink: 'https://www.postgresql.org/docs/16/runtime-config-compatible.html#GUC-ARRAY-NULLS',
  },
];

/** The parameter's current value on the server (its stored override, else the default). */
export function parameterValue(server: ServerState, name: string): string | undefined {
  const def = findParameter(name);
  return def ? (server.parameters[def.name] ?? def.defaultValue) : undefined;
}

export function findParameter(name: string): ParameterDefinition | undefined {
  return PARAMETERS.find((p) => p.name.toLowerCase() === name.toLowerCase());
}

/** Normalises a value the way the server stores it, or returns an error message when it is not allowed. */
export function checkParameterValue(
  def: ParameterDefinition,
  raw: string,
): { value: string } | { error: string } {
  const value = raw.trim();
  if (def.dataType === 'Boolean' || def.dataType === 'Enumeration') {
    const allowed = def.allowedValues.split(',');
    const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    return match !== undefined
      ? { value: match }
      : {
          error: `The value '${raw}' for configuration '${def.name}' is not valid. Allowed values: ${def.allowedValues}.`,
        };
  }
  if (def.dataType === 'Integer') {
    const [min, max] = def.allowedValues.split('-').map(Number);
    const n = Number(value);
    if (/^-?\d+$/.test(value) && min !== undefined && max !== undefined && n >= min && n <= max) {
      return { value };
    }
    return {
      error: `The value '${raw}' for configuration '${def.name}' is out of range ${def.allowedValues}.`,
    };
  }
  return { value };
}
