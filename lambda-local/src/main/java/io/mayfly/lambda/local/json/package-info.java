/** The little JSON this service writes and the payload syntax check Lambda applies. */
package io.mayfly.lambda.local.json;
