package org.iocity.model.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LevelOfServiceTest {

    @ParameterizedTest
    @CsvSource({"1.20,A", "0.81,A", "0.80,B", "0.68,B", "0.67,C", "0.51,C", "0.50,D", "0.41,D", "0.40,E",
            "0.31,E", "0.30,F", "0.0,F"})
    void hcmUrbanStreetThresholds(double ratio, LevelOfService expected) {
        assertEquals(expected, LevelOfService.fromSpeedRatio(ratio));
    }

    @ParameterizedTest
    @CsvSource({"A,false", "D,false", "E,true", "F,true"})
    void onlyEAndFAreCongested(LevelOfService los, boolean congested) {
        if (congested) assertTrue(los.congested());
        else assertFalse(los.congested());
    }
}
