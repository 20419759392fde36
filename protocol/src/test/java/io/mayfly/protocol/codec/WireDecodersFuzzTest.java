package io.mayfly.protocol.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: bytes from a peer through the frame and message decoders, cut into chunks the
 * input chooses. Checks what {@link FrameDecoderFuzzTest} checks: nothing escapes, a violation is
 * one ERROR and a close, nothing leaks, buffering follows received bytes. Without the fuzz profile
 * it replays the committed inputs in {@code WireDecodersFuzzTestInputs}.
 */
class WireDecodersFuzzTest {

    @FuzzTest(maxDuration = "3m")
    void bytesFromAPeer(FuzzedDataProvider data) {
        long chunkSeed = data.consumeLong();
        FrameDecoderFuzzTest.assertDecoderSurvives(data.consumeRemainingAsBytes(), chunkSeed);
    }
}
