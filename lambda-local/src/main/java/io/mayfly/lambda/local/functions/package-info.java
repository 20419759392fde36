/**
 * Lambda's control plane for functions (CreateFunction, GetFunction, GetFunctionConfiguration,
 * UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction, ListFunctions,
 * PutFunctionConcurrency) on AWS's REST paths, so deployment code written against the AWS SDK
 * runs unchanged against lambda-local.
 */
@NullMarked
package io.mayfly.lambda.local.functions;

import org.jspecify.annotations.NullMarked;
