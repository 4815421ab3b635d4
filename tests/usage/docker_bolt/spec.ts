// Prints the JSON spec make_bolt.go turns into meta.db and metadata.db:
//   npx tsx tests/usage/docker_bolt/spec.ts > /tmp/spec.json && go run make_bolt.go /tmp/spec.json .
import { containerdBoltSpec } from "../../support/docker_fixture.ts";
console.log(JSON.stringify(containerdBoltSpec(), null, 1));
