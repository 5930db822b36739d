import { cronScheduleProblem } from './cron-schedule.ts';
import { labelValue } from './names.ts';
import { validatePodTemplate } from './pod-spec.ts';
import { asObject, asString, checkEnum, checkNonNegative, type Findings, type Json } from './finding.ts';

/** A Job's pods end: OnFailure or Never, and the server's default (Always) is refused, so one must be given. */
const jobRestartPolicies = ['OnFailure', 'Never'];
/** A CronJob's Jobs are named <name>-<11 characters>, which must stay an RFC 1035 label. */
const cronJobNameLimit = 52;

export function validateJob(out: Findings, object: Json): void {
  const spec = asObject(object.spec);
  if (spec === undefined) return;
  validateJobSpec(out, spec, '/spec');
  // Unless it picks its pods itself, a Job labels them with its own name: a label value.
  const name = asString(asObject(object.metadata)?.name);
  if (name !== undefined && spec.manualSelector !== true && name.length <= 253 && labelValue(name) !== undefined) {
    out.push({ pointer: '/metadata/name', message: `a Job's name becomes the job-name label of its pods, and "${name.slice(0, 40)}…" is not a valid label value (at most 63 characters)` });
  }
}

export function validateJobSpec(out: Findings, spec: Json, pointer: string): void {
  for (const field of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished', 'activeDeadlineSeconds']) checkNonNegative(out, spec, field, pointer);
  checkEnum(out, spec, 'completionMode', pointer, ['NonIndexed', 'Indexed'], 'completionMode');
  if (spec.selector !== undefined && spec.manualSelector !== true) {
    out.push({ pointer: `${pointer}/selector`, message: 'a Job generates its own selector: remove spec.selector, or set manualSelector: true' });
  }
  const template = asObject(spec.template);
  if (template === undefined) return;
  const podSpec = asObject(template.spec);
  if (podSpec !== undefined && (asString(podSpec.restartPolicy) ?? '') === '') {
    out.push({ pointer: `${pointer}/template/spec/restartPolicy`, message: 'a Job\'s pods need restartPolicy OnFailure or Never (the default, Always, is not allowed for Jobs)' });
  }
  validatePodTemplate(out, template, `${pointer}/template`, { kind: 'Job', restartPolicies: jobRestartPolicies });
}

export function validateCronJob(out: Findings, object: Json): void {
  const name = asString(asObject(object.metadata)?.name);
  if (name !== undefined && name.length > cronJobNameLimit) {
    out.push({ pointer: '/metadata/name', message: `a CronJob name may have at most ${cronJobNameLimit} characters (its Jobs add 11), this one has ${name.length}` });
  }
  // A generated name is the prefix, cut to 58 characters, and 5 more.
  const generateName = asString(asObject(object.metadata)?.generateName);
  if ((name ?? '') === '' && generateName !== undefined && Math.min(generateName.length, 58) + 5 > cronJobNameLimit) {
    out.push({ pointer: '/metadata/generateName', message: `a CronJob name may have at most ${cronJobNameLimit} characters, and names generated from this generateName have ${Math.min(generateName.length, 58) + 5}` });
  }
  const spec = asObject(object.spec);
  if (spec === undefined) return;
  const schedule = asString(spec.schedule);
  if (schedule === '') out.push({ pointer: '/spec/schedule', message: 'a CronJob needs a schedule' });
  else if (schedule !== undefined && schedule.includes('TZ')) out.push({ pointer: '/spec/schedule', message: 'a time zone goes in spec.timeZone, not in the schedule (TZ= and CRON_TZ= are refused)' });
  else if (schedule !== undefined) {
    const problem = cronScheduleProblem(schedule);
    if (problem !== undefined) out.push({ pointer: '/spec/schedule', message: `schedule "${schedule}": ${problem}` });
  }
  checkEnum(out, spec, 'concurrencyPolicy', '/spec', ['Allow', 'Forbid', 'Replace'], 'concurrencyPolicy');
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) checkNonNegative(out, spec, field, '/spec');
  const jobTemplate = asObject(spec.jobTemplate);
  const jobSpec = jobTemplate === undefined ? undefined : asObject(jobTemplate.spec);
  if (jobSpec !== undefined) validateJobSpec(out, jobSpec, '/spec/jobTemplate/spec');
}
