"""An evaluation set for campaign grouping (comments.campaigns): what tests and bench/campaigns
measure the rule on.

Mass campaigns are one template each, sent with the edits real campaigns carry (a greeting, a
signature, typos, a dropped space that fuses two words, synonyms swapped, sentences in another
order); the distinct opinions ("organic" comments) are written from the same vocabulary, so
that sharing words, phrases or even one whole clause with another comment is not enough to be
grouped with it. Russian and Kyrgyz, as on the portal. Seeded: one seed, one set.
"""

import random
from dataclasses import dataclass
from itertools import combinations

# Each campaign: sentences of its template and the synonyms its senders swap in.
CAMPAIGNS = [
    (
        [
            "Я категорически против этого законопроекта.",
            "Он вредит малому и среднему бизнесу в регионах и увеличивает налоговую нагрузку.",
            "Предприниматели не смогут выдержать новые требования к отчётности.",
            "Прошу отозвать проект и провести общественное обсуждение с участием бизнеса.",
        ],
        {
            "категорически": ["решительно", "полностью"],
            "вредит": ["наносит ущерб", "мешает"],
            "увеличивает": ["повышает", "усиливает"],
            "Предприниматели": ["Бизнесмены", "Частники"],
            "отозвать": ["отменить", "снять"],
            "Прошу": ["Требуем", "Просим"],
        },
    ),
    (
        [
            "Поддерживаю введение электронной очереди в детские сады.",
            "Это сделает распределение мест прозрачным и уберёт коррупцию.",
            "Родители смогут следить за своей очередью онлайн.",
            "Просим принять закон как можно скорее.",
        ],
        {
            "Поддерживаю": ["Одобряю", "Я за"],
            "прозрачным": ["честным", "открытым"],
            "уберёт": ["устранит", "искоренит"],
            "следить": ["наблюдать", "проверять"],
            "скорее": ["быстрее", "раньше"],
        },
    ),
    (
        [
            "Статья 12 о штрафах для водителей слишком жёсткая.",
            "Штраф в десять тысяч сомов за первое нарушение несправедлив для сельских жителей.",
            "Предлагаю ввести предупреждение за первое нарушение и снизить сумму штрафа вдвое.",
        ],
        {
            "жёсткая": ["суровая", "строгая"],
            "несправедлив": ["неподъёмен", "чрезмерен"],
            "Предлагаю": ["Прошу", "Предлагаем"],
            "снизить": ["уменьшить", "сократить"],
        },
    ),
    (
        [
            "Бул мыйзам долбоору фермерлерге зыян келтирет.",
            "Жер салыгын көбөйтүү айыл чарбасын начарлатат.",
            "Биз долбоорду кайра карап чыгууну жана фермерлер менен кеңешүүнү талап кылабыз.",
        ],
        {
            "зыян": ["залал", "кесепет"],
            "көбөйтүү": ["жогорулатуу", "өстүрүү"],
            "начарлатат": ["алсыратат", "кыйратат"],
            "талап": ["өтүнүч", "сунуш"],
        },
    ),
    (
        [
            "Мен мектептерде эне тилин окутууну көбөйтүүнү колдойм.",
            "Балдар кыргыз тилин жакшы билиши керек.",
            "Ар бир мектепте кыргыз тили боюнча кошумча сабактар болушу зарыл.",
            "Мугалимдердин айлык акысын да көтөрүү керек.",
        ],
        {
            "колдойм": ["жактайм", "кубаттайм"],
            "жакшы": ["мыкты", "терең"],
            "зарыл": ["керек", "милдеттүү"],
            "көтөрүү": ["жогорулатуу", "көбөйтүү"],
        },
    ),
]
SIZES = [400, 200, 120, 80, 60]
ORGANIC = 300

GREETINGS = {
    "ru": ["Здравствуйте!", "Добрый день.", "Уважаемые разработчики проекта!", "Добрый вечер,"],
    "ky": ["Саламатсыздарбы!", "Кутман күн.", "Урматтуу министрлик!", "Ассалому алейкум,"],
}
SIGNATURES = {
    "ru": ["С уважением, {name}, {city}.", "{name}, г. {city}", "Житель города {city} {name}"],
    "ky": ["Урматтоо менен, {name}, {city}.", "{name}, {city} шаары", "{city}, {name}"],
}
NAMES = ["Айбек Осмонов", "Нургуль Ибраимова", "Алексей Петров", "Бакыт Жумабаев", "Елена Ким"]
CITIES = ["Бишкек", "Ош", "Каракол", "Нарын", "Талас", "Жалал-Абад", "Баткен"]

# Organic opinions: a stance on a subject, a reason and a proposal, each from these lists —
# the campaigns' own vocabulary. Two organic comments share at most two of the four parts.
ORGANIC_PARTS = {
    "ru": [
        [
            "Я поддерживаю",
            "Я против того, что предусматривает",
            "Прошу уточнить",
            "Не согласен с тем, как изложена",
            "Считаю нужным доработать",
            "Одобряю в целом",
            "Сомневаюсь в том, что нужна",
            "Возражаю против",
        ],
        [
            "статью 12 о штрафах для водителей",
            "норму о налоговой нагрузке на малый бизнес",
            "порядок электронной очереди в детские сады",
            "требования к отчётности предпринимателей",
            "положение о переходном периоде",
            "статью 3 о полномочиях министерства",
            "пункт о лицензиях для фермеров",
            "раздел о защите персональных данных",
            "норму о сроках рассмотрения обращений",
            "статью о бюджетном финансировании регионов",
        ],
        [
            "потому что в регионах это приведёт к росту цен",
            "так как сельские жители не смогут это оплатить",
            "поскольку коррупция от этого только вырастет",
            "ведь родителям нужна прозрачность",
            "так как бизнес не успеет подготовиться",
            "потому что формулировка допускает двоякое толкование",
            "поскольку нет оценки расходов бюджета",
            "ведь это противоречит Конституции",
            "так как закон и без того работает",
            "потому что граждан не спросили",
        ],
        [
            "Предлагаю продлить срок вступления в силу на год.",
            "Нужно провести общественное обсуждение в каждом регионе.",
            "Стоит добавить исключение для малого бизнеса.",
            "Прошу опубликовать расчёты министерства.",
            "Надо снизить сумму штрафа вдвое.",
            "Следует закрепить это в отдельной статье.",
            "Предлагаю ввести предупреждение вместо наказания.",
            "Нужно учесть мнение фермеров.",
            "Прошу принять закон без изменений.",
            "Предлагаю вернуть проект на доработку.",
        ],
    ],
    "ky": [
        [
            "Мен колдойм",
            "Мен каршымын",
            "Тактап берүүнү суранам",
            "Кайра карап чыгуу керек",
            "Толук макулмун",
            "Күмөн санайм",
        ],
        [
            "жер салыгы боюнча беренеге",
            "мектептерде эне тилин окутуу боюнча ченемге",
            "фермерлерге лицензия берүү тартибине",
            "айдоочуларга айып пул салуу беренесине",
            "балдар бакчасына электрондук кезекке",
            "мугалимдердин айлык акысы боюнча бөлүмгө",
            "министрликтин ыйгарым укуктарына",
            "өткөөл мезгил жөнүндө жобого",
        ],
        [
            "анткени айыл чарбасы начарлайт",
            "себеби бюджетте каражат жок",
            "анткени ата-энелерге ачыктык керек",
            "себеби бизнес даяр эмес",
            "анткени жарандар менен кеңешишкен жок",
            "себеби бул Конституцияга каршы келет",
            "анткени балдар кыргыз тилин билиши керек",
            "себеби коррупция көбөйөт",
        ],
        [
            "Мөөнөттү бир жылга узартуу керек.",
            "Ар бир аймакта талкуу өткөрүү зарыл.",
            "Фермерлер үчүн өзгөчө шарт киргизүү керек.",
            "Министрликтин эсептерин жарыялоону суранам.",
            "Айып пулду эки эсе азайтуу керек.",
            "Долбоорду кайра иштеп чыгууга кайтаруу керек.",
            "Мыйзамды өзгөртүүсүз кабыл алуу керек.",
            "Мугалимдердин пикирин эске алуу керек.",
        ],
    ],
}


@dataclass(frozen=True)
class Sample:
    text: str
    label: str  # "campaign-<n>", or "organic-<n>" (a distinct opinion: its own label)

    @property
    def organic(self) -> bool:
        return self.label.startswith("organic")


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(["swap", "drop", "double"])
    if edit == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _member(rng: random.Random, sentences: list[str], synonyms: dict, language: str) -> str:
    """One sender's copy of a campaign template."""
    sentences = list(sentences)
    if rng.random() < 0.4:  # sentences in another order
        rng.shuffle(sentences)
    text = " ".join(sentences)
    if rng.random() < 0.6:  # synonyms swapped in, one or two
        for word in rng.sample(sorted(synonyms), k=rng.randint(1, 2)):
            text = text.replace(word, rng.choice(synonyms[word]), 1)
    words = text.split(" ")
    if rng.random() < 0.5:  # typos, one or two
        for _ in range(rng.randint(1, 2)):
            i = rng.randrange(len(words))
            words[i] = _typo(rng, words[i])
    if rng.random() < 0.4:  # a dropped space fuses two words
        i = rng.randrange(len(words) - 1)
        words[i : i + 2] = [words[i] + words[i + 1]]
    text = " ".join(words)
    if rng.random() < 0.5:
        text = rng.choice(GREETINGS[language]) + " " + text
    if rng.random() < 0.5:
        signature = rng.choice(SIGNATURES[language])
        text += " " + signature.format(name=rng.choice(NAMES), city=rng.choice(CITIES))
    if rng.random() < 0.3:
        text = text.lower()
    return text


def _organic(rng: random.Random, count: int) -> list[str]:
    chosen: list[tuple[str, tuple[int, ...]]] = []
    while len(chosen) < count:
        language = "ky" if rng.random() < 0.35 else "ru"
        parts = ORGANIC_PARTS[language]
        pick = tuple(rng.randrange(len(options)) for options in parts)
        # A distinct opinion: it shares at most two of its four parts with any other.
        if any(
            other_language == language and sum(a == b for a, b in zip(pick, other, strict=True)) > 2
            for other_language, other in chosen
        ):
            continue
        chosen.append((language, pick))
    texts = []
    for language, pick in chosen:
        stance, subject, reason, proposal = (
            options[i] for options, i in zip(ORGANIC_PARTS[language], pick, strict=True)
        )
        texts.append(f"{stance} {subject}, {reason}. {proposal}")
    return texts


def evaluation_set(seed: int = 16) -> list[Sample]:
    """The 1,160 comments (860 in 5 campaigns, 300 distinct opinions), shuffled by `seed`."""
    rng = random.Random(seed)
    samples = []
    for n, ((sentences, synonyms), size) in enumerate(zip(CAMPAIGNS, SIZES, strict=True)):
        language = "ky" if n >= 3 else "ru"
        samples += [
            Sample(_member(rng, sentences, synonyms, language), f"campaign-{n}")
            for _ in range(size)
        ]
    samples += [Sample(text, f"organic-{n}") for n, text in enumerate(_organic(rng, ORGANIC))]
    rng.shuffle(samples)
    return samples


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    organic_wrong: int  # distinct opinions grouped with anything
    organic: int

    def __str__(self):
        return (
            f"precision={self.precision:.3f} recall={self.recall:.3f} "
            f"organic_wrong={self.organic_wrong}/{self.organic}"
        )


def score(samples: list[Sample], groups: list) -> Score:
    """Pairwise precision and recall of `groups` (a group name for each sample, in order)."""
    true_pairs = found_pairs = both = 0
    for (a, group_a), (b, group_b) in combinations(zip(samples, groups, strict=True), 2):
        same_label, same_group = a.label == b.label, group_a == group_b
        true_pairs += same_label
        found_pairs += same_group
        both += same_label and same_group
    sizes: dict = {}
    for group in groups:
        sizes[group] = sizes.get(group, 0) + 1
    organic = [group for sample, group in zip(samples, groups, strict=True) if sample.organic]
    return Score(
        precision=both / found_pairs if found_pairs else 1.0,
        recall=both / true_pairs if true_pairs else 1.0,
        organic_wrong=sum(sizes[group] > 1 for group in organic),
        organic=len(organic),
    )
