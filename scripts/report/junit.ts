import type { Diagnostic, ObjectRef, SourceLocation } from '../core/diagnostic.ts';
import { objectKey, objectLabel } from './context.ts';
import type { ReportInput } from './types.ts';

/** A test case: a validated resource, or a finding that belongs to no object. */
interface TestCase {
  name: string;
  classname: string;
  /** Where a validated resource is declared (a person's file, not the rendered output). */
  declared?: SourceLocation;
  findings: Diagnostic[];
}

/**
 * One test suite per target, one test case per validated resource, failing with the errors
 * located in it (warnings go to system-out, so they show without failing the build). Findings
 * with no object (render failures, YAML problems) are test cases of their own.
 *
 * Only elements and attributes of the Jenkins junit-4 schema (../shared/formats/junit-4.xsd),
 * which has no place for a file or line: each finding's `file:line:column` leads its line in the
 * failure or system-out text, and a resource's system-out begins with where it is declared.
 */
export function formatJunit(input: ReportInput): string {
  const suites = buildSuites(input);
  const allCases = [...suites.values()].flat();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="validate" tests="${allCases.length}" failures="${countFailing(allCases)}" errors="0">`,
  ];
  for (const target of [...suites.keys()].sort()) {
    const cases = suites.get(target) ?? [];
    lines.push(
      `  <testsuite name="${attribute(target === '' ? '(no target)' : target)}" tests="${cases.length}" failures="${countFailing(cases)}" errors="0" skipped="0">`,
    );
    for (const testCase of cases) lines.push(...testCaseLines(testCase));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function buildSuites(input: ReportInput): Map<string, TestCase[]> {
  const suites = new Map<string, TestCase[]>();
  const byObject = new Map<string, TestCase>();
  const add = (target: string, testCase: TestCase): void => {
    const cases = suites.get(target);
    if (cases) cases.push(testCase);
    else suites.set(target, [testCase]);
  };
  const objectCase = (target: string, object: ObjectRef, declared?: SourceLocation): TestCase => {
    const key = objectKey(target, object);
    let testCase = byObject.get(key);
    if (!testCase) {
      testCase = { name: objectLabel(object), classname: target, ...(declared && declared.file !== '' ? { declared } : {}), findings: [] };
      byObject.set(key, testCase);
      add(target, testCase);
    }
    return testCase;
  };

  for (const resource of input.resources) objectCase(resource.target, resource.object, resource);
  for (const diagnostic of input.diagnostics) {
    if (diagnostic.object) {
      // Usually a known resource; an object that never reached validation still gets its case.
      objectCase(diagnostic.target, diagnostic.object).findings.push(diagnostic);
    } else {
      add(diagnostic.target, {
        name: `${diagnostic.ruleId} ${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`,
        classname: diagnostic.target,
        findings: [diagnostic],
      });
    }
  }
  return suites;
}

function testCaseLines(testCase: TestCase): string[] {
  const open = `    <testcase name="${attribute(testCase.name)}" classname="${attribute(testCase.classname)}"`;
  const errors = testCase.findings.filter((finding) => finding.severity === 'error');
  const warnings = testCase.findings.filter((finding) => finding.severity === 'warning');
  const output = [...(testCase.declared ? [`${position(testCase.declared)}declared here`] : []), ...warnings.map(findingText)];
  if (errors.length === 0 && output.length === 0) return [`${open}/>`];

  const lines = [`${open}>`];
  const [firstError] = errors;
  if (firstError) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    lines.push(
      `      <failure message="${attribute(firstError.message + more)}" type="${attribute(firstError.ruleId)}">` +
        text(errors.map(findingText).join('\n')) +
        '</failure>',
    );
  }
  if (output.length > 0) lines.push(`      <system-out>${text(output.join('\n'))}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

function countFailing(cases: readonly TestCase[]): number {
  return cases.filter((testCase) => testCase.findings.some((finding) => finding.severity === 'error')).length;
}

/** `file:line:column: severity [rule] at pointer: message`, the position only as far as it is known. */
function findingText(diagnostic: Diagnostic): string {
  const where = diagnostic.pointer === '' ? '' : ` at ${diagnostic.pointer}`;
  return `${position(diagnostic)}${diagnostic.severity} [${diagnostic.ruleId}]${where}: ${diagnostic.message}`;
}

function position({ file, line, column }: SourceLocation): string {
  if (file === '') return '';
  if (line < 1) return `${file}: `;
  return column < 1 ? `${file}:${line}: ` : `${file}:${line}:${column}: `;
}

/** Characters XML 1.0 cannot carry at all, escaped or not (controls, lone surrogates). */
const notXmlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return value.replace(notXmlChar, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes, and line breaks and tabs so parsers keep them. */
function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
