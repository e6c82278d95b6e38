package archiver.core.pipeline;

/**
 * Runs the stages of one job. {@link MediaPipeline} is the real one; tests of the orchestration
 * script outcomes and durations without ffmpeg.
 */
@FunctionalInterface
public interface MediaProcessor {
  PipelineOutcome run(PipelineRequest request, PipelineListener listener)
      throws InterruptedException;
}
