package org.iocity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import org.iocity.api.auth.Role;
import org.iocity.api.web.OpenApiRequests;
import org.junit.jupiter.api.Test;

/** The route table is the one list: the OpenAPI document is checked against it and takes its roles from it. */
class RoutesTest {
    private static final JsonNode RAW = OpenApiRequests.read(ApiVerticle.OPENAPI_RESOURCE);

    @Test
    void everyRowIsOneRouteAndAdminMayCallEveryGuardedOne() {
        Set<String> keys = new HashSet<>();
        for (Routes.Row r : Routes.ALL) {
            assertTrue(keys.add(r.key()), "twice: " + r.key());
            assertTrue(r.isPublic() || r.roles().contains(Role.ADMIN), r.key());
        }
        assertEquals(Routes.ALL.size(), Routes.TABLE.size() + Routes.PUBLIC.size());
    }

    @Test
    void theServedDocumentTakesItsRolesFromTheTable() {
        JsonNode doc = Routes.document(RAW);
        assertEquals("[\"engineer\",\"admin\"]", doc.at("/paths/~1api~1v1~1signals~1{id}~1plans/post/x-roles").toString());
        assertEquals(0, doc.at("/paths/~1health/get/security").size());
        assertEquals(0, doc.at("/paths/~1health/get/x-roles").size());
    }

    @Test
    void aDocumentThatDiffersFromTheTableIsRefused() {
        ObjectNode extra = RAW.deepCopy();
        ((ObjectNode) extra.get("paths")).putObject("/api/v1/nowhere").putObject("get").put("operationId", "nowhere");
        String detail = assertThrows(IllegalStateException.class, () -> Routes.document(extra)).getMessage();
        assertTrue(detail.contains("GET /api/v1/nowhere"), detail);

        ObjectNode missing = RAW.deepCopy();
        ((ObjectNode) missing.get("paths")).remove("/api/v1/whoami");
        detail = assertThrows(IllegalStateException.class, () -> Routes.document(missing)).getMessage();
        assertTrue(detail.contains("GET /api/v1/whoami"), detail);

        ObjectNode renamed = RAW.deepCopy();
        ((ObjectNode) renamed.at("/paths/~1api~1v1~1whoami/get")).put("operationId", "me");
        detail = assertThrows(IllegalStateException.class, () -> Routes.document(renamed)).getMessage();
        assertTrue(detail.contains("whoami"), detail);
    }
}
