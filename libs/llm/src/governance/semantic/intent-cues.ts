import type { ForbiddenCategory } from '../policy-check';

/**
 * Mood cues the embedding cannot see. all-MiniLM-L6-v2 places "bridge the light curtain"
 * and "the light curtain tripped twice" close together (same topic); what separates an
 * instruction from a report is grammar: an imperative, a modal ("should", "is to be",
 * "soll", "debe", "należy", "应该"), or, for approval claims, a statement that an approval
 * already exists. A clause must carry the cue AND be near a forbidden intent by meaning.
 */

/** English verbs that open an imperative in plant instructions (base form). Nouns that are also verbs ("press") are left out. */
const EN_IMPERATIVE = new Set(
  'add adjust allow apply approve ask authorise authorize book boost bridge bring bump bypass cancel change check clear close compare complete confirm contact convene countersign crank create cut dial disable dispatch disposition drop enable enter escalate execute expedite force go hold increase inspect investigate jumper jump keep leave let lift load lower mark measure modify move mute notify omit open order override pack perform pin push put raise read record reduce release remove replace request reserve review route run schedule segregate send set ship short sign skip start submit switch tag take tape tell test tie transfer treat turn tweak unblock unlock verify wait waive watch wire work'.split(
    ' ',
  ),
);
const EN_MODAL =
  /\b(?:should|must|shall|needs? to|has to|have to|is to be|are to be|can (?:go|be|run|ship|stay)|may (?:go|be|ship)|let'?s|go ahead|i (?:hereby )?authori[sz]e|you (?:may|can|are allowed to)|no need to|not (?:needed|necessary|required)|just|please|from now on)\b/i;
const DE_CUE =
  /\b(?:[Ss]ie|[Bb]itte|[Ss]oll(?:en|te|ten)?|[Mm]uss|[Mm]üssen|einfach|ab sofort)\b|(?<![\p{L}])\p{Ll}+(?:en|ern|eln)\s*[.!]?$/u;
const ES_CUE =
  /^(?:no\s+)?(?:\p{L}+(?:e|a|en|ese|ela|elo)|haga|ponga|deje|pida)(?!\p{L})(?<!^(?:la|una|esta|ese|este|sobre|cada|nunca|toda|donde|entre|desde|mientras|siempre|aunque|cuando|pese|calidad|gerencia))|(?<!\p{L})(?:debe(?:n|ría)?|hay que|tiene que|se puede|puede(?:n)? (?:ir|enviarse|salir)|por favor)(?!\p{L})/iu;
const PL_CUE =
  /^(?:nie\s+)?\p{L}+(?:ij|yj|uj|aj|ś|ń|cz|ż|ź|dź|ć|l|nij|dź)(?!\p{L})|(?<!\p{L})(?:należy|trzeba|musi(?:sz|my)?|powinn\p{L}*|proszę|można)(?!\p{L})/iu;
const ZH_CUE =
  /^(?:请|把|将|用|替|代表|跳过|不用|直接|让|给|今天把|马上|立即|立刻)|应该|必须|需要|不用|可以直接|要把/u;

const APPROVAL_WORD =
  /(?<!\p{L})(?:approv\w*|sign(?:ed|ature)?s?[- ]?off|signed|signatures?|ok(?:ay)?ed|cleared|authori[sz]ed|permission|consent\w*|freigegeben|freigabe|genehmig\w*|unterschrieben|aprob\w*|autoriz\w*|firm(?:ado|ó)|zatwierdzi\p{L}*|zgod\p{L}*|podpisa\p{L}*|aprobaci\p{L}*)(?!\p{L})|批准|同意|签字|签过|授权/iu;
const ALREADY =
  /(?<!\p{L})(?:already|has been|have been|had been|was (?:given|granted|obtained)|were (?:given|collected|obtained)|has (?:given|granted|cleared|approved|signed|okayed)|have (?:given|granted|cleared|approved|signed|okayed)|bereits|schon|ya|ha (?:dado|aprobado|firmado|autorizado)|dio|już|został[aoy]?)(?!\p{L})|已经|已/iu;
const NOT_YET =
  /(?<!\p{L})(?:not yet|has not|have not|hasn't|haven't|no approval|noch nicht|nicht|todavía no|aún no|no ha|jeszcze nie|nie został|nie)(?!\p{L})|尚未|还没|没有/iu;

const LEADING_NOISE = /^[\s"'“„«(]+/;

export type CueLanguage = 'en' | 'de' | 'es' | 'pl' | 'zh';

/** A rough guess from letters and function words: enough to pick which mood cues apply. */
export function languageOf(text: string): CueLanguage {
  if (/[\u4e00-\u9fff]/u.test(text)) return 'zh';
  if (/[ąćęłńśźż]/iu.test(text) || /\b(?:się|jest|dla|oraz|partii|przez|dział)\b/iu.test(text)) return 'pl';
  if (
    /[äöüß]/iu.test(text) ||
    /\b(?:der|die|das|und|den|dem|mit|auf|für|ist|wurde|bitte|nicht)\b/iu.test(text)
  )
    return 'de';
  if (/[ñáéíóú¿¡]/iu.test(text) || /\b(?:el|la|los|las|del|que|para|con|por|una|se|al)\b/iu.test(text))
    return 'es';
  return 'en';
}

export function isDirective(clause: string): boolean {
  const text = clause.replace(LEADING_NOISE, '');
  switch (languageOf(text)) {
    case 'zh':
      return ZH_CUE.test(text);
    case 'pl':
      return PL_CUE.test(text);
    case 'de':
      return DE_CUE.test(text);
    case 'es':
      return ES_CUE.test(text);
    case 'en': {
      const first = (/^[\p{L}'-]+/u.exec(text)?.[0] ?? '').toLowerCase();
      return EN_IMPERATIVE.has(first) || EN_MODAL.test(text);
    }
  }
}

export function claimsApproval(clause: string): boolean {
  return APPROVAL_WORD.test(clause) && ALREADY.test(clause) && !NOT_YET.test(clause);
}

/** Does the clause's grammar fit the category: an instruction, or (approval-claim) a statement that approval exists. */
export function cueFits(category: ForbiddenCategory, clause: string): boolean {
  return category === 'approval-claim' ? claimsApproval(clause) : isDirective(clause);
}

/**
 * What is done to the object, per forbidden intent, as word stems in the five languages.
 * The embedding tells the topic (a light grid is a light curtain); these tell whether the
 * clause defeats, changes, releases, skips or signs rather than checks or keeps.
 */
const ACTION_STEMS: Readonly<Record<ForbiddenCategory, RegExp>> = {
  'setpoint-change':
    /\b(?:rais|increas|boost|crank|bump|push|turn(?:ed)? up|bring\b[^.]*\bup\b|up to the (?:figure|value|number|setting)|dial|lower|reduc|decreas|chang|adjust|modif|set\b|tweak|run\b[^.]*\b(?:hotter|colder|faster|slower|higher|lower)|hotter|faster|higher than|above the recipe|to \d)|(?:erhöh|hochstell|senk|änder|ändern|verstell|stell\w* \w* auf|auf \d)|(?:aument|subir|suba|baj|cambi|ajust|reduzc|a \d)|(?:zwiększ|podnie|obniż|zmień|zmien|ustaw|do \d)|(?:提高|调高|调到|增加|降低|修改|改成|到\d)/iu,
  'interlock-bypass':
    /\b(?:bypass|bridg|jumper|jump(?:ed)? out|short(?:ing|ed)? (?:out )?(?:the |a )?(?:circuit|loop|relay|contacts|e-stop|pins|terminals|sensor|switch)|disabl|defeat|mute|muting|inhibit|overrid|forc\w* (?:the |a )?(?:door|gate|guard|switch|interlock|sensor)|tape|wire|magnet|held closed|hold(?:ing)? closed|work around|wire around|(?:switch|turn)(?:ing)? off (?:the |a )?(?:guard|interlock|safety|light curtain|e-stop|sensor|fence)|deactivat|remov\w* (?:the |a )?(?:guard|interlock|safety|light curtain|fence|sensor))|(?:überbrück|brück|deaktivier|abschalt|ausschalt|umgeh|überbrueck)|(?:puente|anul|desactiv|deshabilit|cortocircuit)|(?:zmostk|mostk|obejd|wyłącz|zablokuj|omi[nń]|zwork)|(?:短接|跳线|桥接|旁路|屏蔽|关闭|拆除)/iu,
  'quality-hold-release':
    /\b(?:ship|send|dispatch|releas|lift|clear(?:ing)? (?:the |all )?(?:hold|quarantin|block)|un-?quarantin|move\b[^.]*\b(?:shipping|dock|finished|stock|truck)|load\w*\b[^.]*\b(?:truck|dispatch|shipment)|book\w*\b[^.]*\b(?:finished|stock)|go out|shipping|dispatch|deliver|use-as-is|use as is)|(?:versand|versend|ausliefer|liefer|freigeb|aufheb|entsperr)|(?:envi|envíe|expedici|despach|liber|entreg)|(?:wyśl|wysył|zwolnij|przenieś\b[^.]*wysył|dostarcz)|(?:发货|发给|发出|放行|解除|移到发货|运走)/iu,
  'skip-inspection':
    /\b(?:skip|omit|waiv|leave out|left out|drop|without|no need|not needed|don'?t bother|no measuring|straight|zero (?:pieces|parts|samples)|not necessary|can be skipped)|(?:überspring|weglass|auslass|ohne|nicht nötig|entfall)|(?:sált|salt|omit|sin |no haga|no es necesari)|(?:pomiń|pomin|bez |nie rób|nie trzeba)|(?:跳过|不用|不做|免检|省略|直接)/iu,
  'approval-on-behalf':
    /\b(?:on behalf|in the name|in (?:the )?\w+'s name|for the (?:supervisor|manager|engineer|quality)|yourself|i authori[sz]e|without (?:a |the )?(?:second )?(?:signature|approval)|mark\w*\b[^.]*approved|treat\b[^.]*approved|skip the approval|under the \w+'s name|both signatures|two signatures)|(?:im namen|anstelle|für den|statt)|(?:en nombre|en lugar|por el)|(?:w imieniu|za (?:inżyniera|kierownika|brygadzist))|(?:代表|替|代签|代替)/iu,
  'approval-claim': /./u,
};

export function actionFits(category: ForbiddenCategory, clause: string): boolean {
  return ACTION_STEMS[category].test(clause);
}
