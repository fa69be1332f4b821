"""What the demo focus groups say, turn by turn, as a note-taker captures it live.

Each line reads `<who> <topic id>: <text>` (a line indented by four spaces continues the
text above). `who` is a roster label (P1..P6; a trailing * marks a verbatim quote), F for
the facilitator, SEV for several voices at once, OBS for the note-taker's observation and
SUM for a summary of the topic. Fictional.
"""

from __future__ import annotations

from storage.demo_interview_scripts import Script, parse_script

# Roles wanted for each label, best first, so the words fit the person who says them.
CUMBRIA_ROSTER = {
    "P1": ("carer",),
    "P2": ("carer",),
    "P3": ("carer",),
    "P4": ("carer", "client"),
    "P5": ("client", "carer"),
    "P6": ("client", "carer"),
}

NORTHUMBERLAND_ROSTER = {
    "P1": ("school",),
    "P2": ("staff",),
    "P3": ("public-sector team",),
    "P4": ("voluntary organisation",),
    "P5": ("school",),
    "P6": ("staff", "public-sector team"),
}

CUMBRIA_CARERS: Script = parse_script(
    """
F getting_help: Welcome and thanks. Could we go round and each say how you first got help
    from the memory service or the mental health team?
P1* getting_help: For us it was the GP, but only after my wife got lost driving back from
    Penrith. Before that he said it was stress.
P2 getting_help: Same: two years of being told it was normal ageing.
P3* getting_help: I went private for the first assessment in the end, just to get a letter
    the NHS would act on.
OBS getting_help: Several nods when P3 mentioned going private; P4 shook her head.
P4* getting_help: I couldn't have done that. We just waited.
P5 getting_help: Picked up while in hospital for a hip operation: a ward nurse noticed and
    referred him.
F getting_help: So for some of you the way in was a crisis rather than a referral?
SEV getting_help: Yes, a crisis.
P6* getting_help: Mine was a crisis. The police brought my dad home at two in the morning.
F waiting: Let's talk about waiting. What happened while you were on the list?
P2* waiting: Nothing. Nobody rang. I rang them every month to check we were still on it.
P4* waiting: We got a leaflet. About living well with dementia, before we even knew it was
    dementia.
OBS waiting: Laughter at P4's comment; the tone turned serious quickly.
P1 waiting: The Admiral nurse from the charity was the first person who actually helped; not
    the NHS.
P5* waiting: The waiting is the worst, because you don't know what you're dealing with, so
    you don't know what to ask for.
P3 waiting: Social care won't do anything until there's a diagnosis, so you're stuck.
SUM waiting: Waits of six to twelve months for assessment; no contact while waiting; social
    care tied to a diagnosis; a charity's Admiral nurse filled the gap.
F hospital: Several of you mentioned hospital. What was it like when your relative came
    home?
P5 hospital: Came home with a bag of tablets; nobody said which ones were new.
P6* hospital: Dad was kept in three weeks longer than he needed because there was no care
    package. He got worse in there. He stopped walking.
P1 hospital: The discharge coordinator was kind but had no power: 'it's with social care'.
P2* hospital: When the carers did start, they had fifteen minutes. Fifteen minutes to get
    him up, washed and fed.
OBS hospital: P6 tearful about her father's decline in hospital; the facilitator offered a
    break; the group went on after a minute.
P4* hospital: Nobody asked me if I could cope. They assumed I'd do it because I'm his wife.
F joined: Do you feel the NHS and the council work together for you?
P3* joined: They work side by side, not together.
P1 joined: Community nurse and social worker both came on the same day without knowing about
    each other; at least they met.
P6* joined: Everyone asks for consent to share information. Then they don't share it.
P2* joined: I've got a folder. I take it to every appointment because it's the only place
    where everything is together.
OBS joined: Four of the six keep their own folder of letters and plans; P2 held his up.
P5 joined: Better at the Workington day hospital: staff there know the social worker by
    name.
F improve: If you could change one thing, what would it be?
P4 improve: A named person: one person to ring.
P1* improve: Somebody to ring us while we're waiting, even just to say we haven't forgotten
    you.
P3 improve: Proper respite, not two weeks in July booked in January.
P6 improve: Don't discharge people on a Friday.
P2 improve: Put it all in one record so I can stop carrying the folder.
P5 improve: Evening groups; some carers still work.
SUM improve: Priorities: a named coordinator, contact during waits, timely respite, no
    Friday discharges, a shared record, carers' support outside working hours.
OBS improve: Group dynamics: P2 and P3 spoke most; P4 quieter but clear; the facilitator
    brought P5 in twice.
SUM getting_help: Ways in were mostly crises (falls, hospital, police) rather than planned
    referral; early signs often put down to age or stress.
SUM hospital: Discharge delayed waiting for care packages; decline in hospital; short care
    calls; carers not asked whether they could cope.
SUM joined: Health and social care seen as side by side rather than together; carers hold
    the record themselves; a shared building (Workington) helps.
"""
)

NORTHUMBERLAND_PRACTITIONERS: Script = parse_script(
    """
F locality: Can we start with the new locality hubs? Has the move changed your work, and
    how?
P2* locality: For me it's made a real difference being in the same building as the health
    visitors. I can walk across and ask.
P1 locality: From a first school's point of view, not much noticed; still ring the same
    front-door number.
P3* locality: We're in the hub two days a week, which means three days a week we're not.
P6* locality: The honest answer is that the structure changed faster than the culture.
OBS locality: Others glanced at P6 (a team manager) before disagreeing: seniority may be
    shaping what is said.
P4 locality: Voluntary sector not consulted; heard about the hubs from a newsletter.
F sharing: What about sharing information between agencies?
P5* sharing: We log everything on our safeguarding system, but nobody outside school can see
    it. So we re-type it into a referral form.
P2* sharing: And then I re-type it into ours.
P3 sharing: School nursing is on another health system again; she may know health history
    that would change the picture and cannot tell whether social care knows it.
P1 sharing: Fear of data protection is real; staff are frightened of sharing the wrong
    thing.
P6* sharing: Sharing to keep a child safe is lawful. The problem is that people aren't
    confident about it, so they don't.
P4* sharing: Parents sometimes tell us things precisely because we're not the council. We
    have to think hard about that trust.
SUM sharing: Several systems and repeated typing; uncertainty about lawful sharing holds
    staff back; the voluntary sector guards families' trust.
F thresholds: How do you find the thresholds for early help and social care?
P1* thresholds: It feels like the bar keeps going up. We refer, and it comes back as advice
    and guidance.
P2 thresholds: The bar hasn't moved, but there are fewer social workers, so cases stay open
    longer and new ones wait.
P5* thresholds: By the time it's reached threshold, the child has been struggling for a
    year.
P4 thresholds: Early help in the charity is funded year to year; a waiting list of forty
    families in March.
OBS thresholds: Some tension between P1 and P2 over thresholds; stayed respectful; the
    facilitator summarised both views.
F thresholds: So there's a gap between what schools see and what social care can take on?
SEV thresholds: Yes, that's it.
F transitions: Let's turn to transitions: starting school, changing school, and at eighteen.
P3 transitions: First, middle, high school means three handovers; health information does
    not always follow the child.
P5* transitions: We get a list from the middle school. Sometimes it says 'known to social
    care' and nothing else.
P6* transitions: Eighteen is the cliff edge. We can plan all we like, but adult social care
    thresholds are different.
P2* transitions: I had a young woman with autism and anxiety: children's services, CAMHS,
    school nurse, the lot. At eighteen, nothing. She's on a waiting list for an adult
    assessment.
P4* transitions: We keep working with some young people past eighteen, unofficially, because
    nobody else will.
OBS transitions: Silence after P4's comment; strong agreement across the group about
    eighteen.
P6 transitions: That shouldn't have to be the charity's job.
SUM transitions: The three-tier school system multiplies handovers; information is lost
    between schools; moving to adult services at eighteen is a cliff edge; the voluntary
    sector fills the gap informally.
F trust: How would you describe trust between the agencies here?
P1 trust: Trusts individuals: knows the school's social worker and rings her directly.
P3* trust: It's built on people, so when people leave, it goes.
P2 trust: Turnover in social care: some schools have had four link workers in two years.
P4* trust: We're sometimes treated as the junior partner, as if we're not professional.
P6* trust: I'd want us judged on whether the family got the right help, not on whose form it
    was.
F future: Finally, what would make the biggest difference over the next year?
P5 future: A shared chronology everyone can see.
P3 future: School nurses in the hub five days, not two.
P4 future: Three-year funding, so the charity can keep its staff.
P2 future: Adult services at the table from sixteen.
P1* future: Feedback when we refer. Even 'we've got it and this is what we're doing'.
P6 future: Protect the time for joint working; it is always the first thing to go.
SUM future: Priorities: a shared chronology, health in the hubs full time, longer
    voluntary-sector funding, adult services from sixteen, feedback to referrers, protected
    time for joint work.
OBS future: The room at the Blyth hub was warm and noisy; all six contributed; P1, P2 and P6
    spoke most.
SUM locality: Co-location valued by social workers and health; schools and the voluntary
    sector notice little change; structure has moved faster than culture.
SUM thresholds: Schools feel thresholds have risen; social care puts the delay down to
    capacity; early help in the voluntary sector has its own waiting list.
SUM trust: Trust is personal and fragile with staff turnover; the voluntary sector feels
    like a junior partner.
"""
)
