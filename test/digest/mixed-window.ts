import type { GroupableArticle } from "../../src/digest/types.js";

/**
 * A small digest window written for the grouping tests: two court rulings on one day (same cast of words:
 * court, ruling, justices, appeal), a story told by three outlets in their own words, a wire copy and a trimmed
 * copy of it, and an unrelated story told once.
 */

const mapWire = [
  "The Supreme Court on Tuesday struck down Ohio's congressional map, ruling 6-3 that lawmakers in Columbus drew " +
    "two districts around Toledo and Dayton to dilute the votes of Black residents.",
  "Writing for the majority, Justice Helen Marsh said the map violated Section 2 of the Voting Rights Act and " +
    "ordered the Ohio General Assembly to adopt a new plan within 45 days.",
  "Justice Carl Brennard wrote the dissent, joined by two colleagues, arguing that the court had no clear standard " +
    "for deciding how much race a legislature may consider.",
  "Ohio Secretary of State Lydia Farrow said the ruling would not delay the May 5 primary for other offices, but " +
    "that filing deadlines for the two districts would move.",
  "Civil rights groups that brought the case called the decision a victory for about 310,000 voters in the region.",
].join("\n\n");

export const MIXED_WINDOW: GroupableArticle[] = [
  {
    id: "map-wire",
    source: "Wire Press",
    title: "Supreme Court strikes down Ohio congressional map",
    publishedAt: "2026-03-03T15:00:00Z",
    text: mapWire,
  },
  {
    id: "map-copy",
    source: "Valley Post",
    title: "Justices toss Ohio map drawn around Toledo, Dayton",
    publishedAt: "2026-03-03T16:30:00Z",
    text: `${mapWire}\n\nThe Valley Post contributed to this report.`,
  },
  {
    id: "map-trimmed",
    source: "Lakeside Daily",
    title: "Ohio map rejected",
    publishedAt: "2026-03-03T17:10:00Z",
    text: mapWire.split("\n\n").slice(0, 4).join("\n\n"),
  },
  {
    id: "map-ledger",
    source: "Capital Ledger",
    title: "Ohio must redraw Toledo and Dayton districts after 6-3 Voting Rights Act decision",
    publishedAt: "2026-03-03T19:45:00Z",
    text: [
      "Ohio's Republican legislature will have to go back to the drawing board after a divided Supreme Court found " +
        "that two of its districts split Black neighborhoods in Toledo and Dayton to weaken their influence.",
      "Justice Helen Marsh's majority opinion leans heavily on Section 2 of the Voting Rights Act, and gives the " +
        "General Assembly 45 days to pass a replacement.",
      "In dissent, Justice Carl Brennard warned that judges were being asked to weigh race without a workable test.",
      "Secretary of State Lydia Farrow told reporters that candidates in the affected districts would get new " +
        "filing deadlines.",
    ].join("\n\n"),
  },
  {
    id: "map-heartland",
    source: "Heartland Journal",
    title: "Toledo voters cheer ruling on Ohio districts",
    publishedAt: "2026-03-04T09:20:00Z",
    text: [
      "In Toledo, organizers who spent four years fighting the district lines gathered outside the Lucas County " +
        "courthouse on Tuesday evening after the justices ruled in their favor.",
      "The 6-3 decision, written by Justice Helen Marsh, said Ohio lawmakers had packed and cracked Black voters in " +
        "Toledo and Dayton in violation of the Voting Rights Act.",
      "Lydia Farrow, the secretary of state, said the May 5 primary would go ahead on schedule.",
    ].join("\n\n"),
  },
  {
    id: "tariff-wire",
    source: "Wire Press",
    title: "Appeals court rules steel tariffs exceeded emergency powers",
    publishedAt: "2026-03-03T15:20:00Z",
    text: [
      "A federal appeals court ruled on Tuesday that President Dana Whitfield overstepped her authority when she " +
        "imposed 25 percent tariffs on imported steel and aluminum under an emergency powers law.",
      "In a 2-1 decision, a panel of the Federal Circuit said the International Emergency Economic Powers Act does " +
        "not allow a president to set import taxes without Congress. Judge Miriam Osterholt wrote for the majority.",
      "The case was brought by Keystone Fabricators, a Pennsylvania metal products company. The tariffs have " +
        "raised about $31 billion since they took effect, according to Treasury figures.",
      "Attorney General Samuel Brandt said the Justice Department would appeal to the Supreme Court.",
    ].join("\n\n"),
  },
  {
    id: "tariff-ledger",
    source: "Capital Ledger",
    title: "Tariff ruling puts $31 billion, and a White House strategy, in doubt",
    publishedAt: "2026-03-03T20:05:00Z",
    text: [
      "The Whitfield administration's signature trade tool suffered its most serious legal setback yet on Tuesday, " +
        "when a divided Federal Circuit panel declared the steel and aluminum duties unlawful.",
      'Judge Miriam Osterholt, writing for the majority, said the emergency statute "contains no word that means ' +
        'tariff." Importers could now seek refunds on roughly $31 billion in duties.',
      "Lawyers for Keystone Fabricators, the lead plaintiff, said they would ask for interest as well. Attorney " +
        "General Samuel Brandt said his department would ask the justices to intervene.",
    ].join("\n\n"),
  },
  {
    id: "tariff-bay",
    source: "Bay Tribune",
    title: "Court strikes down metals tariffs; ports brace for refunds",
    publishedAt: "2026-03-03T23:55:00Z",
    text: [
      "Importers at the region's ports could be in line for refunds after a federal appeals court threw out the " +
        "president's 25 percent tariffs on steel and aluminum on Tuesday.",
      "The 2-1 Federal Circuit ruling, in a suit brought by Keystone Fabricators, found that the emergency powers " +
        "law does not let the White House impose tariffs on its own.",
      "The administration will appeal, Attorney General Samuel Brandt said.",
    ].join("\n\n"),
  },
  {
    id: "orchard",
    source: "Farm Week",
    title: "Late frost damages apricot orchards in the Harlow Valley",
    publishedAt: "2026-03-03T11:00:00Z",
    text: [
      "A late frost swept through the Harlow Valley overnight, and growers said as much as 40 percent of the early " +
        "apricot blossom may have been lost.",
      "Temperatures fell to minus 4 degrees Celsius before dawn, the valley's growers' cooperative said, and wind " +
        "machines ran until mid-morning.",
    ].join("\n\n"),
  },
];

/** The gold stories of MIXED_WINDOW. */
export const MIXED_STORIES = [
  ["map-wire", "map-copy", "map-trimmed", "map-ledger", "map-heartland"],
  ["tariff-wire", "tariff-ledger", "tariff-bay"],
  ["orchard"],
];
