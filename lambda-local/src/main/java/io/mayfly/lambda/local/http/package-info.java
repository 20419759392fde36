/** The service's one loopback HTTP port and its routing. */
package io.mayfly.lambda.local.http;
