// The npm package cfn-lint (1.9.7, the newest) carries a CloudFormation resource specification
// from before Lambda's Architectures property (2021); this adds that one property, exactly as
// AWS's specification declares it, so the template validates with arm64 functions. Idempotent.
// Usage: node cfn-lint-spec.js <the cfn-lint package directory>
const fs = require("fs");
const path = require("path");
const file = path.join(process.argv[2], "data", "aws_resources_specification.json");
const spec = JSON.parse(fs.readFileSync(file, "utf8"));
const lambda = spec.ResourceTypes["AWS::Lambda::Function"].Properties;
if (!lambda.Architectures) {
  lambda.Architectures = {
    Documentation:
      "http://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html#cfn-lambda-function-architectures",
    DuplicatesAllowed: false,
    PrimitiveItemType: "String",
    Required: false,
    Type: "List",
    UpdateType: "Mutable",
  };
  fs.writeFileSync(file, JSON.stringify(spec));
}
