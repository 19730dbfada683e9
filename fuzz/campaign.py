"""Running the privacy state machine for a number of steps, in rounds of examples."""

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from fuzz.machine import PrivacyMachine, Statistics


def run(steps, steps_per_example=25, on_step=None):
    """Run examples until at least `steps` steps were checked; raise on the first leak
    (hypothesis then shrinks it to a short sequence and prints it). `on_step()` is called
    after each checked step, for progress."""
    Statistics.reset(on_step)
    while Statistics.steps < steps:
        run_state_machine_as_test(
            PrivacyMachine,
            settings=settings(
                max_examples=max(1, min(10, (steps - Statistics.steps) // steps_per_example)),
                stateful_step_count=steps_per_example,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
    return Statistics
