package io.modelscale.policy.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelscale.core.model.ModelVersionId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code cases-seldon.md} §6.6, the agent statistics. */
class LagStatisticsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ModelVersionId M = ModelVersionId.of("model", 1);

    @Test
    void lag_incrementDecrementAndReset_followSeldon() {
        LagStatistics stats = LagStatistics.empty().requestStarted(M, NOW);
        assertThat(stats.lag(M)).contains(1L);
        stats = stats.requestEnded(M);
        assertThat(stats.lag(M)).contains(0L);
        stats = stats.requestEnded(M);
        assertThat(stats.lag(M)).contains(0L);
        stats = stats.requestStarted(M, NOW).requestStarted(M, NOW).resetLag(M);
        assertThat(stats.lag(M)).contains(0L);
        assertThat(stats.resetLag(M).lag(M)).contains(0L);
    }

    @Test
    void add_newModel_startsWithLagOneAndRemoveForgetsIt() {
        LagStatistics stats = LagStatistics.empty().add(M, NOW);
        assertThat(stats.lag(M)).contains(1L);
        assertThat(stats.remove(M).lag(M)).isEmpty();
    }

    @Test
    void lagging_atOrAboveTheThreshold_isReportedAndReset() {
        LagStatistics stats = withLags(1, 2, 3);
        LagStatistics.Found<Long> result = stats.lagging(2, true);
        assertThat(result.found().toJavaMap()).containsOnlyKeys(id(2), id(3)).containsEntry(id(2), 2L)
            .containsEntry(id(3), 3L);
        assertThat(result.statistics().lag(id(2))).contains(0L);
        assertThat(result.statistics().lag(id(3))).contains(0L);
        assertThat(result.statistics().lag(id(1))).contains(1L);
        assertThat(stats.lagging(4, true).found()).isEmpty();
    }

    @Test
    void idle_lastUsedBeforeTheCutOff_isReportedAgainWithoutReset() {
        LagStatistics stats = LagStatistics.empty();
        for (int i = 0; i < 10; i++) {
            stats = stats.requestStarted(ModelVersionId.of("old" + i, 1), NOW);
            stats = stats.requestStarted(ModelVersionId.of("new" + i, 1), NOW.plusSeconds(1));
        }
        Instant later = NOW.plusSeconds(1);
        LagStatistics.Found<Instant> first = stats.idle(1, later, false);
        assertThat(first.found()).hasSize(10);
        assertThat(first.found().keySet().map(v -> v.model().value())).allMatch(name -> name.startsWith("old"));
        assertThat(first.statistics().idle(0, later, true).found()).hasSize(20);
        assertThat(stats.idle(5, later, false).found()).isEmpty();
    }

    @Test
    void evaluate_onlyEnabledModelsTrigger_scaleUpThenScaleDown() {
        LagSettings settings = new LagSettings(30, java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(5));
        LagStatistics stats = LagStatistics.empty()
            .add(id(0), NOW).add(id(1), NOW).add(id(3), NOW.minusSeconds(30));
        stats = started(stats, id(0), 28);
        stats = started(stats, id(1), 30);
        stats = started(stats, id(2), 31);
        stats = stats.requestStarted(id(4), NOW.minusSeconds(30));
        stats = new LagStatistics(stats.lags(), stats.lastUsed().put(id(3), NOW.minusSeconds(30)), stats.enabled());

        LagStatistics.Evaluation result = stats.evaluate(settings, NOW);

        assertThat(result.triggers()).containsExactly(
            new ScalingTrigger(id(1), ScalingTrigger.Direction.UP, 31),
            new ScalingTrigger(id(3), ScalingTrigger.Direction.DOWN, NOW.minusSeconds(30).getEpochSecond()));
        assertThat(result.statistics().lag(id(1))).contains(0L);
        assertThat(result.statistics().lag(id(0))).contains(29L);
        assertThat(result.statistics().evaluate(settings, NOW).triggers().filter(t -> t.direction() == ScalingTrigger.Direction.DOWN))
            .hasSize(1);
    }

    @Test
    void requestLifecycle_setupThenTearDown_leavesLagZeroAndLastUsedSet() {
        LagStatistics stats = LagStatistics.empty().requestStarted(M, NOW);
        assertThat(stats.lag(M)).contains(1L);
        stats = stats.requestEnded(M);
        assertThat(stats.lag(M)).contains(0L);
        assertThat(stats.lastUse(M).get()).isBeforeOrEqualTo(NOW);
    }

    @Test
    void settings_defaultsAndBadValues() {
        assertThat(LagSettings.cliDefaults()).isEqualTo(new LagSettings(30, java.time.Duration.ofSeconds(30),
            java.time.Duration.ofSeconds(5)));
        assertThat(LagSettings.helmDefaults().inactiveThreshold()).hasSeconds(600);
        assertThat(LagSettings.helmDefaults().statsPeriod()).hasSeconds(20);
        assertThat(LagSettings.validate(0, 0, -5).getError().map(p -> p.describe())).containsExactly(
            "lagThreshold: the lag threshold must be at least 1 in-flight request, got 0",
            "inactiveThreshold: the inactive threshold must be a whole number of seconds, at least 1, got PT0S",
            "statsPeriod: the stats period must be a whole number of seconds, at least 1, got PT-5S");
    }

    private static LagStatistics started(LagStatistics stats, ModelVersionId id, int times) {
        for (int i = 0; i < times; i++) {
            stats = stats.requestStarted(id, NOW);
        }
        return stats;
    }

    private static LagStatistics withLags(int... lags) {
        LagStatistics stats = LagStatistics.empty();
        for (int lag : lags) {
            for (int i = 0; i < lag; i++) {
                stats = stats.requestStarted(id(lag), NOW);
            }
        }
        return stats;
    }

    private static ModelVersionId id(int i) {
        return ModelVersionId.of("m" + i, 1);
    }
}
