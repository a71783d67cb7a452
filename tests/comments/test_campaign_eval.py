"""The evaluation set campaign grouping is measured on (comments.campaign_eval)."""

from collections import Counter

from comments.campaign_eval import Sample, evaluation_set, score


def test_one_seed_gives_one_set_of_five_campaigns_and_300_distinct_opinions():
    samples = evaluation_set(seed=3)
    assert samples == evaluation_set(seed=3) != evaluation_set(seed=4)
    sizes = Counter(sample.label for sample in samples if not sample.organic)
    assert sorted(sizes.values()) == [60, 80, 120, 200, 400]
    assert sum(sample.organic for sample in samples) == 300
    assert len({sample.text for sample in samples if sample.organic}) == 300


def test_pairwise_scores_count_pairs_and_distinct_opinions_joined():
    samples = [Sample("a", "campaign-0"), Sample("b", "campaign-0"), Sample("c", "organic-0")]
    perfect = score(samples, [1, 1, 2])
    assert (perfect.precision, perfect.recall, perfect.organic_wrong) == (1.0, 1.0, 0)
    lumped = score(samples, [1, 1, 1])
    assert (lumped.precision, lumped.recall, lumped.organic_wrong) == (1 / 3, 1.0, 1)
