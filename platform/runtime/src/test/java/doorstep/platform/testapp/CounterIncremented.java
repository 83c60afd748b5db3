package doorstep.platform.testapp;

/** The test application's only event. {@code by < 0} makes the test consumer fail. */
public record CounterIncremented(String counterId, int by) {
}
