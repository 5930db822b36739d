import { describe, expect, it } from 'vitest';
import { compareDiagnostics, type Diagnostic, type ObjectRef } from '../scripts/core/diagnostic.ts';
import { pipelineRuleIds } from '../scripts/core/finding.ts';
import { formatNames, formatReport, parseOutputSpecs, rulesDocUrl, type ReportInput } from '../scripts/report/index.ts';

const webapp: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'product-prod', name: 'webapp' };
const namespace: ObjectRef = { apiVersion: 'v1', kind: 'Namespace', name: 'product-prod' };

const renderFailure: Diagnostic = {
  ruleId: 'render',
  severity: 'error',
  message: 'kustomize build failed: <missing> & "broken"\u0007',
  target: 'overlays/broken',
  object: null,
  pointer: '',
  file: 'overlays/broken/kustomization.yaml',
  line: 4,
  column: 3,
};
const unknownField: Diagnostic = {
  ruleId: 'schema',
  severity: 'error',
  message: 'unknown field "resource" (did you mean "resources"?)',
  target: 'overlays/prod',
  object: webapp,
  pointer: '/spec/template/spec/containers/0/resource',
  file: 'apps/web app/deploy,ment.yaml',
  line: 12,
  column: 7,
  messageId: 'unknownField',
};
const latestTag: Diagnostic = {
  ruleId: 'image-tag-pinned',
  severity: 'warning',
  message: 'image "web:latest" is 100% mutable,\r\nuse a version tag',
  target: 'overlays/prod',
  object: webapp,
  pointer: '/spec/template/spec/containers/0/image',
  file: 'apps/web app/deploy,ment.yaml',
  line: 20,
  column: 16,
};
const unlabelledNamespace: Diagnostic = {
  ruleId: 'namespace-pod-security',
  severity: 'error',
  message: 'namespace has no pod-security.kubernetes.io/enforce label',
  target: 'overlays/prod',
  object: namespace,
  pointer: '/metadata/labels',
  file: 'overlays/prod/namespace.yaml',
  line: 5,
  column: 5,
};
/** As the CLI hands them over: sorted (by file, so the render failure comes third). */
const diagnostics = [renderFailure, unknownField, latestTag, unlabelledNamespace].sort(compareDiagnostics);

const input: ReportInput = {
  diagnostics,
  summary: { targets: 2, resources: 3, errors: 3, warnings: 1, exemptions: 1 },
  resources: [
    { target: 'overlays/prod', object: webapp, file: 'apps/web app/deploy,ment.yaml', line: 1, column: 1 },
    { target: 'overlays/prod', object: namespace, file: 'overlays/prod/namespace.yaml', line: 1, column: 1 },
    {
      target: 'overlays/prod',
      object: { apiVersion: 'v1', kind: 'Service', namespace: 'product-prod', name: 'webapp' },
      file: 'apps/web app/service.yaml',
      line: 1,
      column: 1,
    },
  ],
  rules: [
    { id: 'image-tag-pinned', description: 'Images are pinned.', helpUri: 'https://example.com/rules/image-tag-pinned' },
    { id: 'namespace-pod-security', description: 'Namespaces enforce Pod Security.' },
  ],
  toolVersion: '0.1.0',
};

const clean: ReportInput = { ...input, diagnostics: [], summary: { ...input.summary, errors: 0, warnings: 0 } };

const ansi = /\u001b\[/;

/** The JSON report, as far as these tests read it. */
interface JsonReport {
  summary: Record<string, unknown>;
  diagnostics: (Record<string, unknown> & { object: Record<string, unknown> | null })[];
}

/** The SARIF log, as far as these tests read it. */
interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: {
      driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; help: { text: string }; helpUri?: string }[] };
    };
    results: SarifResult[];
  }[];
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  partialFingerprints: Record<string, string>;
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } };
    logicalLocations?: { kind: string; name: string }[];
  }[];
}

describe('formatReport', () => {
  it('offers every format, each a complete output ending with a newline', () => {
    expect(formatNames).toEqual(['stylish', 'json', 'junit', 'sarif', 'github', 'markdown']);
    for (const format of formatNames) expect(formatReport(format, input, { color: false }).endsWith('\n')).toBe(true);
  });

  it('never colours anything but stylish, and never without options.color', () => {
    for (const format of formatNames) expect(formatReport(format, input, { color: false })).not.toMatch(ansi);
    for (const format of formatNames.filter((name) => name !== 'stylish')) {
      expect(formatReport(format, input, { color: true })).not.toMatch(ansi);
    }
  });
});

describe('parseOutputSpecs', () => {
  const cwd = import.meta.dirname;

  it('reads NAME and NAME=FILE, files first and stdout last', () => {
    expect(parseOutputSpecs(['stylish', 'sarif=out.sarif', 'json=fixtures/out.json'], formatNames, cwd)).toEqual([
      { format: 'sarif', file: 'out.sarif' },
      { format: 'json', file: 'fixtures/out.json' },
      { format: 'stylish' },
    ]);
    expect(parseOutputSpecs([], formatNames, cwd)).toEqual([{ format: 'stylish' }]);
  });

  it.each([
    [['markup'], 'unknown format "markup": use one of stylish, json, junit, sarif, github, markdown'],
    [['json='], '--format json= names no file: write --format json=FILE, or --format json for stdout'],
    [['json', 'github'], 'more than one format on stdout (json, github): give all but one a file, as in --format github=FILE'],
    [['json=no-such-dir/out.json'], '--format json=no-such-dir/out.json: the directory no-such-dir does not exist (create it first)'],
    [['sarif=fixtures'], '--format sarif=fixtures: fixtures is a directory; name the file to write'],
    [['sarif=out', 'junit=./out'], `two outputs write the same file ${cwd}/out`],
  ])('%j is a usage error', (values, reason) => {
    expect(parseOutputSpecs(values, formatNames, cwd)).toBe(reason);
  });
});

describe('json', () => {
  const output = formatReport('json', input, { color: false });
  const parsed = JSON.parse(output) as JsonReport;

  it('is exactly one object with the stable keys, in order', () => {
    expect(Object.keys(parsed)).toEqual(['summary', 'diagnostics']);
    expect(Object.keys(parsed.summary)).toEqual(['targets', 'resources', 'errors', 'warnings', 'exemptions']);
    expect(parsed.summary).toEqual(input.summary);
    const keys = ['ruleId', 'severity', 'message', 'target', 'object', 'pointer', 'file', 'line', 'column'];
    for (const diagnostic of parsed.diagnostics) expect(Object.keys(diagnostic)).toEqual(keys);
  });

  it('keeps the order and values, drops messageId, writes namespace only when set', () => {
    expect(parsed.diagnostics).toHaveLength(diagnostics.length);
    parsed.diagnostics.forEach((diagnostic: Record<string, unknown>, index: number) => {
      const { messageId: _internal, ...expected } = diagnostics[index]!;
      expect(diagnostic).toEqual(expected);
    });
    expect(output).not.toContain('messageId');
    expect(Object.keys(parsed.diagnostics[0]!.object!)).toEqual(['apiVersion', 'kind', 'namespace', 'name']);
    expect(Object.keys(parsed.diagnostics[3]!.object!)).toEqual(['apiVersion', 'kind', 'name']);
    expect(parsed.diagnostics[2]!.object).toBeNull();
  });

  it('has the same shape for a clean run', () => {
    expect(JSON.parse(formatReport('json', clean, { color: false }))).toEqual({ summary: clean.summary, diagnostics: [] });
  });
});

describe('sarif', () => {
  const log = JSON.parse(formatReport('sarif', input, { color: false })) as SarifLog;
  const run = log.runs[0]!;

  it('has the required SARIF 2.1.0 structure', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ version: '0.1.0' });
    expect(run.tool.driver.name).toEqual(expect.any(String));
    const ids = run.tool.driver.rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['image-tag-pinned', 'namespace-pod-security', ...pipelineRuleIds]) {
      expect(ids).toContain(id);
    }
    for (const rule of run.tool.driver.rules) expect(rule.shortDescription.text).toEqual(expect.any(String));
    expect(run.tool.driver.rules[0]!.helpUri).toBe('https://example.com/rules/image-tag-pinned');
  });

  it('gives each result its rule, level and real region', () => {
    expect(run.results).toHaveLength(diagnostics.length);
    run.results.forEach((result, index) => {
      const diagnostic = diagnostics[index]!;
      expect(result.ruleId).toBe(diagnostic.ruleId);
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(diagnostic.ruleId);
      expect(result.level).toBe(diagnostic.severity);
      expect(result.message.text).toBe(diagnostic.message);
      const physical = result.locations[0]!.physicalLocation;
      expect(physical.region).toEqual({ startLine: diagnostic.line, startColumn: diagnostic.column });
      expect(decodeURIComponent(physical.artifactLocation.uri)).toBe(diagnostic.file);
    });
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('apps/web%20app/deploy%2Cment.yaml');
  });

  it('names the object and the field as logical locations', () => {
    expect(run.results[2]!.locations[0]!.logicalLocations).toBeUndefined();
    const [object, field] = run.results[0]!.locations[0]!.logicalLocations!;
    expect(object).toMatchObject({ kind: 'object', name: 'Deployment product-prod/webapp' });
    expect(field).toMatchObject({ kind: 'property', name: '/spec/template/spec/containers/0/resource' });
  });

  it('gives a rule its help: description, the why, the link; helpUri only when absolute', () => {
    const withHelp: ReportInput = {
      ...input,
      rules: [
        { id: 'image-tag-pinned', description: 'Images are pinned.', help: 'A `latest` tag moves.', helpUri: 'https://example.com/r#image-tag-pinned' },
        { id: 'namespace-pod-security', description: 'Namespaces enforce Pod Security.', helpUri: 'docs/rules.md#namespace-pod-security' },
      ],
    };
    const rules = (JSON.parse(formatReport('sarif', withHelp, { color: false })) as SarifLog).runs[0]!.tool.driver.rules;
    expect(rules[0]).toEqual({
      id: 'image-tag-pinned',
      shortDescription: { text: 'Images are pinned.' },
      help: {
        text: 'Images are pinned.\n\nA `latest` tag moves.\n\nSee https://example.com/r#image-tag-pinned',
        markdown: 'Images are pinned.\n\n**Why.** A `latest` tag moves.\n\n[Documentation](https://example.com/r#image-tag-pinned)',
      },
      helpUri: 'https://example.com/r#image-tag-pinned',
    });
    expect(rules[1]!.helpUri).toBeUndefined();
    expect(rules[1]!.help.text).toBe(`Namespaces enforce Pod Security.\n\nSee ${rulesDocUrl}`);
  });

  it('fingerprints a finding by rule, target, object, field and message, not by its line', () => {
    const fingerprintOf = (diagnostic: Diagnostic): string => {
      const log = JSON.parse(formatReport('sarif', { ...input, diagnostics: [diagnostic] }, { color: false })) as SarifLog;
      return log.runs[0]!.results[0]!.partialFingerprints['gitopsFinding/v1']!;
    };
    const noCpu: Diagnostic = { ...unknownField, ruleId: 'container-resources', messageId: 'missingCpuRequest', message: 'Container "web" has no CPU request.', pointer: '/spec/template/spec/containers/0' };
    const noMemory: Diagnostic = { ...noCpu, messageId: 'missingMemoryRequest', message: 'Container "web" has no memory request.' };
    expect(fingerprintOf({ ...noCpu, line: 40, column: 9 })).toBe(fingerprintOf(noCpu));
    expect(fingerprintOf(noMemory)).not.toBe(fingerprintOf(noCpu));
    expect(fingerprintOf({ ...noCpu, target: 'overlays/staging' })).not.toBe(fingerprintOf(noCpu));
    expect(fingerprintOf({ ...noCpu, object: { ...webapp, name: 'other' } })).not.toBe(fingerprintOf(noCpu));
    expect(fingerprintOf({ ...noCpu, pointer: '/spec/template/spec/containers/1' })).not.toBe(fingerprintOf(noCpu));
    // Reported once for several environments under the first target: the same alert whichever that is.
    const shared: Diagnostic = { ...noCpu, target: 'overlays/dev/webapp', environments: ['dev', 'staging', 'prod'] };
    expect(fingerprintOf({ ...shared, target: 'overlays/staging/webapp', environments: ['staging', 'prod'] })).toBe(fingerprintOf(shared));
  });

  it('names the target, and the environments of a finding several gave alike, in the result properties', () => {
    const shared: Diagnostic = { ...unknownField, environments: ['dev', 'prod'] };
    const log = JSON.parse(formatReport('sarif', { ...input, diagnostics: [unknownField, shared] }, { color: false })) as {
      runs: { results: { properties: Record<string, unknown> }[] }[];
    };
    expect(log.runs[0]!.results.map((result) => result.properties)).toEqual([
      { target: 'overlays/prod' },
      { target: 'overlays/prod', environments: ['dev', 'prod'] },
    ]);
  });

  it('invents no region when the position is unknown, and uses forward slashes', () => {
    const unknown: Diagnostic = { ...renderFailure, file: 'clusters\\prod\\profile.yaml', line: 0, column: 0 };
    const log = JSON.parse(formatReport('sarif', { ...input, diagnostics: [unknown] }, { color: false })) as SarifLog;
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'clusters/prod/profile.yaml' } });
  });
});

describe('junit', () => {
  const xml = formatReport('junit', input, { color: false });
  const elements = checkWellFormedXml(xml);

  it('is well-formed XML', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(elements.filter((element) => element.name === 'testsuites')).toHaveLength(1);
  });

  it('has one test case per resource and one per finding without an object', () => {
    const cases = elements.filter((element) => element.name === 'testcase');
    expect(cases.map((testCase) => testCase.attributes.name)).toEqual([
      'render overlays/broken/kustomization.yaml:4:3',
      'Deployment product-prod/webapp',
      'Namespace product-prod',
      'Service product-prod/webapp',
    ]);
    // Only the junit-4 XSD's attributes: no file or line on a test case (test/report-formats.test.ts validates).
    expect(cases[1]!.attributes).toEqual({ name: 'Deployment product-prod/webapp', classname: 'overlays/prod' });
    expect(elements.filter((element) => element.name === 'failure')).toHaveLength(3);
    expect(elements.find((element) => element.name === 'testsuites')!.attributes).toMatchObject({ tests: '4', failures: '3' });
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xml).toContain('message="kustomize build failed: &lt;missing&gt; &amp; &quot;broken&quot;\uFFFD"');
    expect(xml).not.toContain('\u0007');
  });

  it('keeps warnings visible without failing the test case', () => {
    expect(xml).toMatch(/<system-out>[^<]*image "web:latest" is 100% mutable/);
  });

  it('puts file, line and column in the failure text, as far as they are known', () => {
    expect(xml).toContain('>apps/web app/deploy,ment.yaml:12:7: error [schema] at /spec/template/spec/containers/0/resource: unknown field');
    // A resource's output begins with where it is declared, then its warnings.
    expect(xml).toContain(
      '<system-out>apps/web app/deploy,ment.yaml:1:1: declared here\napps/web app/deploy,ment.yaml:20:16: warning [image-tag-pinned] at /spec/template/spec/containers/0/image:',
    );
    expect(xml).toContain(
      '<testcase name="Service product-prod/webapp" classname="overlays/prod">\n      <system-out>apps/web app/service.yaml:1:1: declared here</system-out>\n    </testcase>',
    );
    const unplaced = formatReport('junit', { ...input, diagnostics: [{ ...renderFailure, line: 0, column: 0 }, { ...renderFailure, file: '', line: 0, column: 0 }] }, { color: false });
    expect(unplaced).toContain('>overlays/broken/kustomization.yaml: error [render]: kustomize build failed');
    expect(unplaced).toMatch(/>error \[render\]: kustomize build failed/);
  });
});

describe('github', () => {
  const lines = formatReport('github', input, { color: false }).split('\n').slice(0, -1);

  it('prints one workflow command per finding, with file, line and column', () => {
    expect(lines).toHaveLength(diagnostics.length);
    expect(lines[2]).toBe(
      '::error file=overlays/broken/kustomization.yaml,line=4,col=3,title=render::kustomize build failed: <missing> & "broken"\u0007',
    );
    expect(lines[1]!.startsWith('::warning file=apps/web app/deploy%2Cment.yaml,line=20,col=16,title=image-tag-pinned::')).toBe(true);
  });

  it('escapes percent, carriage return and newline in the message', () => {
    expect(lines[1]).toContain('is 100%25 mutable,%0D%0Ause a version tag');
    expect(lines[1]).toContain('%0ADeployment product-prod/webapp /spec/template/spec/containers/0/image (target overlays/prod)');
    for (const line of lines) expect(line).not.toMatch(/\r/);
  });

  it('escapes colon and comma in properties', () => {
    const odd: Diagnostic = { ...unknownField, file: 'a:b,c%.yaml', ruleId: 'x:y' };
    const [line] = formatReport('github', { ...input, diagnostics: [odd] }, { color: false }).split('\n');
    expect(line).toMatch(/^::error file=a%3Ab%2Cc%25\.yaml,line=12,col=7,title=x%3Ay::unknown field/);
  });

  it('prints nothing for a clean run', () => {
    expect(formatReport('github', clean, { color: false })).toBe('');
  });
});

describe('stylish', () => {
  const plain = formatReport('stylish', input, { color: false });

  it('groups findings by file with position, severity, message, rule, object and pointer', () => {
    expect(plain).toContain('apps/web app/deploy,ment.yaml\n');
    expect(plain).toMatch(/ 12:7 {2}error {4}unknown field "resource" \(did you mean "resources"\?\) +schema\n/);
    expect(plain).toContain('Deployment product-prod/webapp  /spec/template/spec/containers/0/resource  (target overlays/prod)');
    expect(plain).toContain('20:16  warning  image "web:latest" is 100% mutable,');
    expect(plain.indexOf('apps/web app/deploy,ment.yaml')).toBeLessThan(plain.indexOf('overlays/broken/kustomization.yaml'));
  });

  it('ends with a summary of problems and of what was validated', () => {
    expect(plain).toContain('✖ 4 problems (3 errors, 1 warning)\n  2 targets, 3 resources validated, 1 exemption applied\n');
  });

  it('says so when clean', () => {
    expect(formatReport('stylish', clean, { color: false })).toBe(
      '✔ No problems: 2 targets, 3 resources validated, 1 exemption applied\n',
    );
  });

  it('colours only when asked, without changing the text', () => {
    const coloured = formatReport('stylish', input, { color: true });
    expect(coloured).toMatch(ansi);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });
});

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
}

/** A small well-formedness check: balanced tags, quoted unique attributes, only known entities. */
function checkWellFormedXml(xml: string): XmlElement[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, '');
  const entity = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;
  const elements: XmlElement[] = [];
  const open: string[] = [];
  let position = 0;
  for (const match of body.matchAll(/<[^<>]*>/g)) {
    const between = body.slice(position, match.index);
    if (/[<>]/.test(between) || /&/.test(between.replace(entity, ''))) throw new Error(`bad text: ${between}`);
    position = match.index + match[0].length;
    const tag = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"]*")*)\s*(\/?)>$/.exec(match[0]);
    if (!tag) throw new Error(`bad tag: ${match[0]}`);
    const [, closing, name = '', attributeText = '', selfClosing] = tag;
    if (closing) {
      if (open.pop() !== name) throw new Error(`unbalanced </${name}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key = '', value = ''] of attributeText.matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)) {
      if (key in attributes) throw new Error(`duplicate attribute ${key}`);
      if (/&/.test(value.replace(entity, ''))) throw new Error(`bad attribute value: ${value}`);
      attributes[key] = value
        .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
        .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
    }
    elements.push({ name, attributes });
    if (!selfClosing) open.push(name);
  }
  if (open.length > 0 || body.slice(position).trim() !== '') throw new Error('unclosed elements or trailing text');
  return elements;
}
