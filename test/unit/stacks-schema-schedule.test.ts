import assert from "node:assert/strict";
import { isTimeZone, minutesOf, scheduleSchema } from "../../stacks/schema/schedule";
import { assertSetting, issueMessages } from "../support/schema-cases";

// The working-hours schedule (stacks/schema/schedule.ts): each setting's limits on both sides, each phrase.

describe("the service schedule settings (stacks/schema/schedule.ts)", () => {
  it("days are a non-empty list of cron day names, each once", () => {
    const { days } = scheduleSchema.shape;
    assert.deepEqual(issueMessages(days, ["MON"]), []);
    assert.deepEqual(issueMessages(days, ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]), []);
    assert.deepEqual(issueMessages(days, "MON"), ["a list of days (MON, TUE, WED, THU, FRI, SAT, SUN)"]);
    assert.deepEqual(issueMessages(days, []), ["at least one day"]);
    assert.deepEqual(issueMessages(days, ["MON", "MON"]), ["a list of days, each once"]);
    assert.deepEqual(issueMessages(days, ["MON", "TUE", "MON"]), ["a list of days, each once"]);
    assert.deepEqual(issueMessages(days, ["mon"]), ["one of MON, TUE, WED, THU, FRI, SAT, SUN"]);
  });

  it("start and stop are whole 24-hour HH:MM times, at each edge of the hour and minute", () => {
    for (const setting of [scheduleSchema.shape.start, scheduleSchema.shape.stop]) {
      assertSetting(setting, {
        phrase: "a time of day as HH:MM (24 hours), such as 08:00",
        good: ["00:00", "09:59", "19:00", "20:00", "23:59"],
        bad: ["24:00", "23:60", "8:00", "108:00", "08:000", "08:00 ", "x08:00", "08-00", 800],
      });
    }
  });

  it("the time zone is an IANA name with a region, or UTC", () => {
    const { timezone } = scheduleSchema.shape;
    assert.deepEqual(issueMessages(timezone, "Europe/Dublin"), []);
    assert.deepEqual(issueMessages(timezone, "UTC"), []);
    assert.deepEqual(issueMessages(timezone, 1), ["an IANA time zone such as Europe/Dublin"]);
    const expected = ["an IANA time zone, in IANA's letter case, such as Europe/Dublin or UTC"];
    assert.deepEqual(issueMessages(timezone, "Mars/Olympus"), expected);
    assert.deepEqual(issueMessages(timezone, "EST"), expected);
    assert.deepEqual(issueMessages(timezone, "europe/dublin"), expected);
  });

  it("isTimeZone accepts names Intl knows that carry a region or are UTC, and nothing else", () => {
    assert.equal(isTimeZone("Europe/Dublin"), true);
    assert.equal(isTimeZone("America/Argentina/Buenos_Aires"), true);
    assert.equal(isTimeZone("UTC"), true);
    // Intl knows these, but a bare abbreviation is not a region's rules.
    assert.equal(isTimeZone("EST"), false);
    assert.equal(isTimeZone("GMT"), false);
    // Shaped like a zone, but Intl refuses it.
    assert.equal(isTimeZone("Mars/Olympus"), false);
    assert.equal(isTimeZone("Not a zone"), false);
  });

  it("isTimeZone refuses a name in another letter case than IANA's, which Intl reads and AWS does not", () => {
    for (const wrong of [
      "europe/dublin",
      "EUROPE/DUBLIN",
      "Europe/dublin",
      "utc",
      "america/port-au-prince",
    ]) {
      assert.equal(isTimeZone(wrong), false, wrong);
    }
    // IANA's own spelling, lower-case words included.
    assert.equal(isTimeZone("America/Port-au-Prince"), true);
    assert.equal(isTimeZone("America/Port_of_Spain"), true);
    // Names Intl resolves to another zone's (a renamed zone, a link) keep passing as before.
    assert.equal(isTimeZone("Asia/Kolkata"), true);
    assert.equal(isTimeZone("Etc/UTC"), true);
  });

  it("minutesOf counts hours and minutes after midnight", () => {
    assert.equal(minutesOf("00:00"), 0);
    assert.equal(minutesOf("08:30"), 510);
    assert.equal(minutesOf("23:59"), 1439);
  });
});
